import { FONTS, isPlainAscii, TextSafety, type Doc } from './fonts.js';

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
}

const CELL_PAD = 3;
/** Cells longer than this are cut (with an ellipsis); the full text is in findings.json and findings.csv. */
const MAX_CELL_CHARS = 900;

type OutlineItem = PDFKit.PDFOutline;

type FontKey = keyof typeof FONTS;

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

  constructor(readonly doc: Doc) {
    this.text = TextSafety.forDocument(doc);
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
    forgetShapedWords(this.doc);
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
    for (const [label, value] of rows) {
      const safe = this.text.safe(value);
      this.doc.font(FONTS.regular.name).fontSize(size);
      const height = Math.max(this.doc.heightOfString(safe.visible, { width: this.width - labelWidth }), size * 1.2);
      this.ensure(height + 2);
      const y = this.doc.y;
      this.drawText(label, this.left, y, { width: labelWidth - 8, size, color: COLORS.muted });
      this.drawText(value, this.left + labelWidth, y, { width: this.width - labelWidth, size, color: COLORS.ink });
      this.doc.y = y + height + 2;
    }
    this.space(4);
  }

  /** A table whose rows never split; a row that does not fit starts a new page, which repeats the header row. */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], options: TableOptions = {}): void {
    const size = options.fontSize ?? 7.8;
    const widths = columns.map((column) => column.width * this.width);
    const header = columns.map((column) => column.header);
    const headerLayout = this.rowLayout(header, columns, widths, { size, header: true });
    const headerHeight = headerLayout.height;
    this.ensure(headerHeight + size * 3);
    this.drawRow(header, columns, widths, { size, header: true, layout: headerLayout });
    rows.forEach((cells, index) => {
      const clipped = cells.map((cell) => (cell.length > MAX_CELL_CHARS ? `${cell.slice(0, MAX_CELL_CHARS - 1)}…` : cell));
      const maxHeight = this.bottom - PAGE.margin.top - headerHeight - 4;
      const measured = this.rowLayout(clipped, columns, widths, { size, header: false });
      const layout = { ...measured, height: Math.min(measured.height, maxHeight) };
      if (this.doc.y + layout.height > this.bottom) {
        this.addPage();
        this.drawRow(header, columns, widths, { size, header: true, layout: headerLayout });
      }
      this.drawRow(clipped, columns, widths, { size, header: false, layout, shaded: index % 2 === 1 });
    });
    this.space(8);
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
    const safe = this.text.safe(text);
    this.doc.font(options.bold ? FONTS.bold.name : FONTS.regular.name).fontSize(options.size);
    const height = this.doc.heightOfString(safe.visible, { width: this.width - indent });
    // Short blocks move whole to the next page; long ones flow across pages.
    if (height < (this.bottom - PAGE.margin.top) / 3) this.ensure(height);
    const y = this.doc.y;
    this.drawText(text, this.left + indent, y, { width: this.width - indent, size: options.size, color: options.color, bold: options.bold });
    this.doc.x = this.left;
  }

  /** Each cell's parts with their measured heights, and the row's height: measured once, used to place and to draw. */
  private rowLayout(cells: readonly string[], columns: readonly Column[], widths: readonly number[], row: { size: number; header: boolean }): RowLayout {
    const parts = cells.map((cell, index) => {
      const width = (widths[index] ?? 0) - 2 * CELL_PAD;
      return this.cellParts(cell, columns[index], row.header).map((part) => ({ ...part, height: this.measure(part, width, row.size) }));
    });
    const height = Math.max(...parts.map((cell) => cell.reduce((sum, part) => sum + part.height, 0))) + 2 * CELL_PAD;
    return { parts, height };
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

  private measure(part: CellPart, width: number, size: number): number {
    this.doc.font(FONTS[part.font].name).fontSize(size);
    return this.doc.heightOfString(part.font === 'mono' ? part.text : this.text.safe(part.text).visible || ' ', { width });
  }

  private drawRow(cells: readonly string[], columns: readonly Column[], widths: readonly number[], row: { size: number; header: boolean; layout: RowLayout; shaded?: boolean }): void {
    const y = this.doc.y;
    const height = row.layout.height;
    if (row.header || row.shaded === true) {
      this.doc.rect(this.left, y, this.width, height).fill(row.header ? COLORS.band : '#f8f9fb');
    }
    let x = this.left;
    cells.forEach((cell, index) => {
      const column = columns[index];
      const width = (widths[index] ?? 0) - 2 * CELL_PAD;
      const color = row.header ? COLORS.ink : (column?.colorOf?.(cell) ?? COLORS.ink);
      let top = y + CELL_PAD;
      for (const part of row.layout.parts[index] ?? []) {
        const room = y + height - top;
        if (room <= 0) break;
        this.drawText(part.text, x + CELL_PAD, top, { width, size: row.size, color, font: part.font, height: room, align: column?.align ?? 'left' });
        top += part.height;
      }
      x += widths[index] ?? 0;
    });
    this.doc.moveTo(this.left, y + height).lineTo(this.left + this.width, y + height).lineWidth(0.4).strokeColor(COLORS.line).stroke();
    this.doc.x = this.left;
    this.doc.y = y + height;
  }
}

interface RowLayout {
  readonly parts: readonly (readonly (CellPart & { readonly height: number })[])[];
  readonly height: number;
}

/**
 * pdfkit caches the shaped glyphs of every distinct word for the life of the document. A pack with thousands of
 * resource names and messages would keep all of them (hundreds of MB for 5,000 findings); words repeat mostly
 * within a page, so the cache is emptied at each page break, which keeps memory flat at a small cost in time.
 */
function forgetShapedWords(doc: Doc): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies ?? {};
  for (const font of Object.values(families)) if (font.layoutCache !== undefined) font.layoutCache = Object.create(null) as Record<string, unknown>;
}
