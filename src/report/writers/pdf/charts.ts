import { trendGeometry, type TrendInput } from '../../model/chart.js';
import { FONTS, type Doc } from './fonts.js';
import { COLORS } from './layout.js';

/**
 * The score trend as vector drawing (lines, circles, text), not an image: it stays sharp at any zoom and its
 * labels are real text. Same geometry as the HTML's SVG (chart.ts), drawn at (x, y) in page space.
 */
export function drawTrendChart(doc: Doc, inputs: readonly TrendInput[], at: { x: number; y: number; width: number; height: number }): void {
  const geometry = trendGeometry(inputs, { width: at.width, height: at.height, left: 34, bottom: 20 });
  doc.save();
  doc.translate(at.x, at.y);
  doc.font(FONTS.regular.name).fontSize(6.5).fillColor(COLORS.muted);
  for (const tick of geometry.yTicks) {
    doc.moveTo(geometry.plot.x, tick.y).lineTo(geometry.box.width, tick.y).lineWidth(0.4).strokeColor(COLORS.line).stroke();
    doc.fillColor(COLORS.muted).text(tick.label, 0, tick.y - 3, { width: geometry.plot.x - 4, align: 'right', lineBreak: false });
  }
  for (const label of geometry.xLabels) {
    doc.fillColor(COLORS.muted).text(label.label, label.x - 30, geometry.box.height - 12, { width: 60, align: 'center', lineBreak: false });
  }
  for (const segment of geometry.segments) {
    const [first, ...rest] = segment;
    if (first === undefined) continue;
    doc.moveTo(first.x, first.y);
    for (const point of rest) doc.lineTo(point.x, point.y);
    doc.lineWidth(1.6).strokeColor(COLORS.accent).stroke();
  }
  for (const point of geometry.points) doc.circle(point.x, point.y, 2.2).fill(COLORS.accent);
  doc.restore();
}
