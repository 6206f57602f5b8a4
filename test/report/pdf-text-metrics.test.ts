import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { FONTS, registerFonts, TextSafety } from '../../src/report/writers/pdf/fonts.js';
import { TextMetrics } from '../../src/report/writers/pdf/text-metrics.js';

function metrics(): { doc: PDFKit.PDFDocument; metrics: TextMetrics } {
  const doc = new PDFDocument({ autoFirstPage: false });
  registerFonts(doc);
  const safety = TextSafety.forDocument(doc);
  return { doc, metrics: new TextMetrics(doc, (text) => safety.safe(text).visible) };
}

describe('TextMetrics (PDF table text)', () => {
  it('measures a string as pdfkit does', () => {
    const { doc, metrics: m } = metrics();
    for (const text of ['Deployment/team-034/svc-1 runs privileged container(s)', 'AVA To Ty', 'платёж']) {
      doc.font(FONTS.regular.name).fontSize(8);
      expect(m.width('regular', 8, text)).toBeCloseTo(doc.widthOfString(text), 6);
    }
  });

  it('breaks lines at spaces, every line within the width', () => {
    const { metrics: m } = metrics();
    const text = 'The kubelet on node node-000 has authentication.anonymous.enabled=true and serves its read-only port.';
    const lines = m.lines('regular', 8, text, 200);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(m.width('regular', 8, line)).toBeLessThanOrEqual(200);
  });

  it('breaks an overlong identifier after a separator where one fits, and never loses a character', () => {
    const { metrics: m } = metrics();
    const word = 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation';
    const lines = m.lines('regular', 8, word, 130);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(word);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/[./\]]$/);
    for (const line of lines) expect(m.width('regular', 8, line)).toBeLessThanOrEqual(130);
    // Without a separator, the cut falls between characters.
    const run = 'x'.repeat(80);
    expect(m.lines('regular', 8, run, 60).join('')).toBe(run);
  });

  it('fits one line with an ellipsis only when the text is too long', () => {
    const { metrics: m } = metrics();
    expect(m.fit('regular', 7, 'fail', 50)).toBe('fail');
    const cut = m.fit('regular', 7, 'workload.service-account-token-automount on Deployment/team-034/svc-1', 100);
    expect(cut.endsWith('…')).toBe(true);
    expect(m.width('regular', 7, cut)).toBeLessThanOrEqual(100);
    expect('workload.service-account-token-automount on Deployment/team-034/svc-1'.startsWith(cut.slice(0, -1))).toBe(true);
  });

  it('measures characters the font cannot draw as they are drawn ([U+XXXX])', () => {
    const { metrics: m } = metrics();
    expect(m.width('regular', 8, '支付')).toBeCloseTo(m.width('regular', 8, '[U+652F][U+4ED8]'), 6);
  });
});
