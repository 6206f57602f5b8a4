import { FONTS, isPlainAscii, TextSafety, type Doc } from './fonts.js';
import { TextMetrics, type FontKey } from './text-metrics.js';
import { boundShapedWords, compactPageContent, TextRunWriter, type TextRun } from './pdfkit-internals/index.js';

/**
 * The page grid and the few drawing primitives the PDF is made of: headings that feed the outline and the table
 * of contents, paragraphs, label/value lists and tables that break across pages with their header row repeated.
 * Everything flows top to bottom on A4; nothing here knows about compliance.
 */
export const PAGE = { size: 'A4', width: 595.28, height: 841.89, margin: { top: 62, bottom: 58, left: 50, right: 50 } } as const;
export const COLORS = {
  ink: '#1d2433',
  muted: '#5b6475',
  line: '#c9d0db',
  band: '#eef1f5',
  accent: '#1f4e8c',
  pass: '#1e7b46',
  fail: '#b3261e',
  unknown: '#8a5a00',
  waived: '#6b4fa3',
  manual: '#40617f',
  partial: '#a35d00',
  na: '#7a808c',
} as const;

export const STATUS_COLORS: Readonly<Record<string, string>> = {
  pass: COLORS.pass,
  'pass (attested)': COLORS.pass,
  fail: COLORS.fail,
  unknown: COLORS.unknown,
  waived: COLORS.waived,
  manual: COLORS.manual,
  partial: COLORS.partial,
  'not-applicable': COLORS.na,
  critical: '#7f0000',
  high: COLORS.fail,
  medium: COLORS.partial,
  low: COLORS.manual,
  info: COLORS.na,
};

/** A line of the table of contents, filled in once the body knows its page numbers. */
export interface TocEntry {
  readonly level: 1 | 2;
  readonly title: string;
  readonly destination: string;
  page: number;
}

export interface Column {
  readonly header: string;
  /** Share of the content width; the shares of a table add up to 1. */
  readonly width: number;
  readonly align?: 'left' | 'right';
  /** Colour of a cell's text from its value (status and severity columns). */
  readonly colorOf?: (value: string) => string | undefined;
  readonly bold?: boolean;
  /** The cell's first line (a title) in bold, the rest regular. */
  readonly firstLineBold?: boolean;
  /** Hashes and ids: set in the mono font when the text is plain ASCII. */
  readonly mono?: boolean;
}

export interface TableOptions {
  readonly fontSize?: number;
  /**
   * Every row one line high, each cell cut to its column with an ellipsis: for long lists (thousands of rows)
   * whose full text is in the machine-readable files. A fixed row height fits about three times the rows of a
   * wrapped table on a page, and costs no measuring beyond the cut.
   */
  readonly oneLine?: boolean;
}

const CELL_PAD = 3;
/** Vertical padding of one-line rows: enough to keep the shaded bands apart from the text. */
const ONE_LINE_PAD = 1.5;
/** Cells longer than this are cut (with an ellipsis); the full text is in findings.json and findings.csv. */
const MAX_CELL_CHARS = 900;
/**
 * Distinct words whose shaped glyphs are kept for drawing, per generation (see boundShapedWords). A shaped word
 * costs about 4 KB (a position object per glyph), so two generations of 4,000 hold some 30 MB; the words that
 * repeat across pages (check ids, statuses, message templates, pieces of resource names) stay in them, and
 * words that occur once pass through.
 */
const SHAPED_WORDS_PER_GENERATION = 4_000;
const ELLIPSIS = '…';

type OutlineItem = PDFKit.PDFOutline;

interface CellPart {
  readonly text: string;
  readonly font: FontKey;
}

export interface DrawTextOptions {
  readonly width: number;
  readonly size: number;
  readonly color: string;
  readonly bold?: boolean;
  readonly font?: FontKey;
  readonly height?: number;
  readonly align?: 'left' | 'right' | 'center';
  readonly goTo?: string;
}

export class Layout {
  readonly text: TextSafety;
  readonly toc: TocEntry[] = [];
  private readonly metrics: TextMetrics;
  private readonly runs: TextRunWriter<FontKey>;

  constructor(readonly doc: Doc) {
    this.text = TextSafety.forDocument(doc);
    this.metrics = new TextMetrics(doc, (text) => this.text.safe(text).visible);
    this.runs = new TextRunWriter<FontKey>(doc, { regular: FONTS.regular.name, bold: FONTS.bold.name, mono: FONTS.mono.name });
    boundShapedWords(doc, [FONTS.regular.name, FONTS.bold.name], SHAPED_WORDS_PER_GENERATION);
  }

  get left(): number {
    return PAGE.margin.left;
  }

  get width(): number {
    return PAGE.width - PAGE.margin.left - PAGE.margin.right;
  }

  get bottom(): number {
    return PAGE.height - PAGE.margin.bottom;
  }

  /** Zero-based index of the page being drawn. */
  get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  addPage(): void {
    if (this.doc.bufferedPageRange().count > 0) compactPageContent(this.doc);
    this.doc.addPage({ size: PAGE.size, margins: PAGE.margin });
    this.doc.x = this.left;
    this.doc.y = PAGE.margin.top;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.addPage();
  }

  space(points: number): void {
    this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  /**
   * A heading that is also a named destination, an outline entry (under `outline`, when given) and a table of
   * contents line (levels 1 and 2). Returns the outline item so sections can nest theirs under it.
   */
  heading(text: string, options: { level: 1 | 2 | 3; destination?: string; outline?: OutlineItem | null; toc?: boolean; newPage?: boolean }): OutlineItem | null {
    const size = options.level === 1 ? 17 : options.level === 2 ? 13.5 : 11;
    if (options.newPage === true) this.addPage();
    else this.ensure(size * 2 + 40);
    if (options.level < 3) this.space(options.level === 1 ? 0 : 6);
    const y = this.doc.y;
    if (options.destination !== undefined) this.doc.addNamedDestination(options.destination, 'XYZ', this.left, y, null);
    const item = options.outline === undefined || options.outline === null ? null : options.outline.addItem(text);
    if (options.toc === true && options.destination !== undefined && options.level < 3) {
      this.toc.push({ level: options.level === 1 ? 1 : 2, title: text, destination: options.destination, page: this.pageIndex });
    }
    this.write(text, { size, bold: true, color: options.level === 1 ? COLORS.accent : COLORS.ink });
    if (options.level === 1) {
      this.doc.moveTo(this.left, this.doc.y + 2).lineTo(this.left + this.width, this.doc.y + 2).lineWidth(1.2).strokeColor(COLORS.accent).stroke();
      this.space(8);
    } else {
      this.space(3);
    }
    return item;
  }

  /** Flowing text across the content width (or from `indent`), breaking pages as needed. */
  paragraph(text: string, options: { size?: number; bold?: boolean; color?: string; indent?: number; gap?: number } = {}): void {
    this.write(text, { size: options.size ?? 9.5, bold: options.bold ?? false, color: options.color ?? COLORS.ink, indent: options.indent ?? 0 });
    this.space(options.gap ?? 4);
  }

  /** Label / value lines, the label in a fixed column. */
  fields(rows: readonly (readonly [string, string])[], options: { labelWidth?: number; size?: number } = {}): void {
    const labelWidth = options.labelWidth ?? 120;
    const size = options.size ?? 9.5;
    const lineHeight = this.metrics.lineHeight('regular', size);
    for (const [label, value] of rows) {
      const labelLines = this.metrics.lines('regular', size, label, labelWidth - 8);
      const valueLines = this.metrics.lines('regular', size, value, this.width - labelWidth);
      const height = Math.max(Math.max(labelLines.length, valueLines.length) * lineHeight, size * 1.2);
      this.ensure(height + 2);
      const y = this.doc.y;
      this.drawLines([
        ...labelLines.map((text, index) => ({ text, font: 'regular' as const, size, color: COLORS.muted, x: this.left, y: y + index * lineHeight })),
        ...valueLines.map((text, index) => ({ text, font: 'regular' as const, size, color: COLORS.ink, x: this.left + labelWidth, y: y + index * lineHeight })),
      ]);
      this.doc.y = y + height + 2;
    }
    this.space(4);
  }

  /** A table whose rows never split; a row that does not fit starts a new page, which repeats the header row. */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], options: TableOptions = {}): void {
    const size = options.fontSize ?? 7.8;
    const widths = columns.map((column) => column.width * this.width);
    const header = columns.map((column) => column.header);
    const headerLayout = this.rowLayout(header, columns, widths, { size, header: true, oneLine: false });
    const headerHeight = headerLayout.height;
    const maxHeight = this.bottom - PAGE.margin.top - headerHeight - 4;
    this.ensure(headerHeight + size * 3);
    this.drawRow(columns, widths, { size, header: true, layout: headerLayout });
    rows.forEach((cells, index) => {
      const clipped = cells.map((cell) => (cell.length > MAX_CELL_CHARS ? `${cell.slice(0, MAX_CELL_CHARS - 1)}${ELLIPSIS}` : cell));
      const layout = this.rowLayout(clipped, columns, widths, { size, header: false, oneLine: options.oneLine === true, maxHeight });
      if (this.doc.y + layout.height > this.bottom) {
        this.addPage();
        this.drawRow(columns, widths, { size, header: true, layout: headerLayout });
      }
      this.drawRow(columns, widths, { size, header: false, layout, shaded: index % 2 === 1 });
    });
    this.space(8);
  }

  /**
   * One line at a position, cut with an ellipsis to `width`, optionally right-aligned in it and a link to a
   * named destination: the table of contents and the running header and footer, repeated on every page.
   */
  line(text: string, x: number, y: number, options: { width: number; size: number; color: string; bold?: boolean; align?: 'left' | 'right'; goTo?: string }): void {
    const font: FontKey = options.bold === true ? 'bold' : 'regular';
    const fitted = this.metrics.fit(font, options.size, text, options.width);
    const offset = options.align === 'right' ? Math.max(0, options.width - this.metrics.width(font, options.size, fitted)) : 0;
    this.drawLines([{ text: fitted, font, size: options.size, color: options.color, x: x + offset, y }]);
    if (options.goTo !== undefined) this.doc.goTo(x, y, options.width, this.metrics.lineHeight(font, options.size), options.goTo);
  }

  /** Draws one string at a position, marking it with its real text when the font cannot draw every character. */
  drawText(text: string, x: number, y: number, options: DrawTextOptions): void {
    const font = options.font ?? (options.bold === true ? 'bold' : 'regular');
    // The mono font is only ever given plain ASCII (cellParts checks), which it draws as is.
    const safe = font === 'mono' ? { visible: text, actual: null } : this.text.safe(text);
    this.doc.font(FONTS[font].name).fontSize(options.size).fillColor(options.color);
    if (safe.actual !== null) this.doc.markContent('Span', { actual: safe.actual });
    this.doc.text(safe.visible, x, y, {
      width: options.width,
      lineBreak: true,
      align: options.align ?? 'left',
      ...(options.height === undefined ? {} : { height: options.height, ellipsis: true }),
      ...(options.goTo === undefined ? {} : { goTo: options.goTo }),
    });
    if (safe.actual !== null) this.doc.endMarkedContent();
  }

  private write(text: string, options: { size: number; bold: boolean; color: string; indent?: number }): void {
    const indent = options.indent ?? 0;
    const font: FontKey = options.bold ? 'bold' : 'regular';
    const lines = text === '' ? [] : this.metrics.lines(font, options.size, text, this.width - indent);
    const lineHeight = this.metrics.lineHeight(font, options.size);
    // Short blocks move whole to the next page; long ones flow across pages.
    if (lines.length * lineHeight < (this.bottom - PAGE.margin.top) / 3) this.ensure(lines.length * lineHeight);
    let runs: TextRun<FontKey>[] = [];
    for (const line of lines) {
      if (this.doc.y + lineHeight > this.bottom) {
        this.drawLines(runs);
        runs = [];
        this.addPage();
      }
      runs.push({ text: line, font, size: options.size, color: options.color, x: this.left + indent, y: this.doc.y });
      this.doc.y += lineHeight;
    }
    this.drawLines(runs);
    this.doc.x = this.left;
  }

  /**
   * Lines already broken to fit, written together as one text object; a line with characters the font cannot
   * draw goes through drawText, which marks it with its real text.
   */
  private drawLines(runs: readonly TextRun<FontKey>[]): void {
    const plain: TextRun<FontKey>[] = [];
    for (const run of runs) {
      if (run.font === 'mono' || this.text.safe(run.text).actual === null) plain.push(run);
      else this.drawText(run.text, run.x, run.y, { width: this.metrics.width(run.font, run.size, run.text) + 1, size: run.size, color: run.color, font: run.font, height: this.metrics.lineHeight(run.font, run.size) });
    }
    this.runs.write(plain);
  }

  /**
   * Each cell as the lines it is drawn in, and the row's height: broken into lines once, used to place and to
   * draw. A row taller than `maxHeight` (a page) keeps the lines that fit, the last one ending in an ellipsis.
   */
  private rowLayout(cells: readonly string[], columns: readonly Column[], widths: readonly number[], row: { size: number; header: boolean; oneLine: boolean; maxHeight?: number }): RowLayout {
    const pad = row.oneLine ? ONE_LINE_PAD : CELL_PAD;
    const room = (row.maxHeight ?? Number.POSITIVE_INFINITY) - 2 * pad;
    const lines = cells.map((cell, index) => {
      const column = columns[index];
      const width = (widths[index] ?? 0) - 2 * CELL_PAD;
      const parts = this.cellParts(cell, column, row.header);
      const cellLines = row.oneLine ? this.oneLineOf(parts, row.size, width) : parts.flatMap((part) => this.linesOf(part, row.size, width));
      return this.clipLines(cellLines, row.size, width, room, column);
    });
    const height = Math.max(...lines.map((cell) => cell.reduce((sum, line) => sum + line.height, 0))) + 2 * pad;
    return { cells, lines, height, pad };
  }

  private linesOf(part: CellPart, size: number, width: number): CellLine[] {
    const height = this.metrics.lineHeight(part.font, size);
    return this.metrics.lines(part.font, size, part.text, width).map((text) => ({ text, font: part.font, height }));
  }

  private oneLineOf(parts: readonly CellPart[], size: number, width: number): CellLine[] {
    const first = parts[0];
    if (first === undefined) return [];
    const text = parts.length === 1 ? first.text : parts.map((part) => part.text).join(' ');
    return [{ text: this.metrics.fit(first.font, size, text, width), font: first.font, height: this.metrics.lineHeight(first.font, size) }];
  }

  /** The lines that fit in `room` points; when some are dropped, the last kept one says so with an ellipsis. */
  private clipLines(lines: CellLine[], size: number, width: number, room: number, column: Column | undefined): CellLine[] {
    let used = 0;
    let kept = 0;
    while (kept < lines.length && used + (lines[kept]?.height ?? 0) <= room) {
      used += lines[kept]?.height ?? 0;
      kept += 1;
    }
    if (kept === lines.length || column === undefined) return lines;
    const last = lines[kept - 1];
    if (last === undefined) return [];
    return [...lines.slice(0, kept - 1), { ...last, text: this.metrics.fit(last.font, size, `${last.text}${ELLIPSIS}`, width) }];
  }

  /** A cell as one or two runs of text: the whole cell, or a bold title line and the regular rest. */
  private cellParts(cell: string, column: Column | undefined, header: boolean): CellPart[] {
    const bold = header || column?.bold === true;
    if (!header && column?.mono === true && isPlainAscii(cell)) return [{ text: cell, font: 'mono' }];
    const split = cell.indexOf('\n');
    if (header || column?.firstLineBold !== true || split < 0) return [{ text: cell, font: bold ? 'bold' : 'regular' }];
    return [
      { text: cell.slice(0, split), font: 'bold' },
      { text: cell.slice(split + 1), font: 'regular' },
    ];
  }

  private drawRow(columns: readonly Column[], widths: readonly number[], row: { size: number; header: boolean; layout: RowLayout; shaded?: boolean }): void {
    const y = this.doc.y;
    const { height, pad } = row.layout;
    if (row.header || row.shaded === true) {
      this.doc.rect(this.left, y, this.width, height).fill(row.header ? COLORS.band : '#f8f9fb');
    }
    const runs: TextRun<FontKey>[] = [];
    let x = this.left;
    row.layout.lines.forEach((lines, index) => {
      const column = columns[index];
      const width = (widths[index] ?? 0) - 2 * CELL_PAD;
      const color = row.header ? COLORS.ink : (column?.colorOf?.(row.layout.cells[index] ?? '') ?? COLORS.ink);
      let top = y + pad;
      for (const line of lines) {
        const offset = column?.align === 'right' ? Math.max(0, width - this.metrics.width(line.font, row.size, line.text)) : 0;
        runs.push({ text: line.text, font: line.font, size: row.size, color, x: x + CELL_PAD + offset, y: top });
        top += line.height;
      }
      x += widths[index] ?? 0;
    });
    this.drawLines(runs);
    this.doc.moveTo(this.left, y + height).lineTo(this.left + this.width, y + height).lineWidth(0.4).strokeColor(COLORS.line).stroke();
    this.doc.x = this.left;
    this.doc.y = y + height;
  }
}

interface CellLine {
  readonly text: string;
  readonly font: FontKey;
  readonly height: number;
}

interface RowLayout {
  /** The cells' text, for the colour of status and severity columns. */
  readonly cells: readonly string[];
  readonly lines: readonly (readonly CellLine[])[];
  readonly height: number;
  readonly pad: number;
}
