import { appendContent, currentPage, fontObject, type Doc, type GlyphPosition, type PdfkitFont } from './access.js';

type EncodingFont = PdfkitFont;

/** One line of text at a position, already broken to fit and drawable by its font (see TextSafety). */
export interface TextRun<FontKey extends string = string> {
  readonly text: string;
  readonly font: FontKey;
  readonly size: number;
  readonly color: string;
  /** Left edge and top of the line, in pdfkit's page space (origin top left). */
  readonly x: number;
  readonly y: number;
}

/**
 * Writes many lines of text as one PDF text object. pdfkit's `text()` costs, per line, an options object, a
 * wrapper or a width measurement, ten content-stream writes (each its own Buffer) and a graphics state save and
 * restore; a table of thousands of rows spends most of its time there. A row's cells are instead written as
 * one `q … BT … ET Q` block in one write. The glyphs are encoded by the same pdfkit font objects (so the font
 * subsets, widths and ToUnicode maps are the ones pdfkit builds), and the operators are those pdfkit's own
 * `_fragment` writes for a left-aligned line: the text looks and extracts the same.
 *
 * Only for text the font can draw as is; text that needs ActualText goes through Layout.drawText.
 */
export class TextRunWriter<FontKey extends string> {
  private readonly fonts: Readonly<Record<FontKey, EncodingFont>>;
  private readonly colors = new Map<string, string>();

  /** `fontNames`: the registered name of each font key; the first one is left current. */
  constructor(
    private readonly doc: Doc,
    fontNames: Readonly<Record<FontKey, string>>,
  ) {
    const entries = Object.entries(fontNames) as [FontKey, string][];
    this.fonts = Object.fromEntries(entries.map(([key, name]) => [key, fontObject(doc, name)])) as Record<FontKey, EncodingFont>;
    if (entries[0] !== undefined) doc.font(entries[0][1]);
  }

  write(runs: readonly TextRun<FontKey>[]): void {
    if (runs.length === 0) return;
    const page = currentPage(this.doc);
    // pdfkit's page space is flipped (y down); text is written in PDF space, as pdfkit's _fragment does.
    const operators = [`q 1 0 0 -1 0 ${num(page.height)} cm BT`];
    let font: EncodingFont | null = null;
    let size = 0;
    let color = '';
    for (const run of runs) {
      const text = run.text.replace(/\n/g, '');
      if (text === '') continue;
      const runFont = this.fonts[run.font];
      if (page.fonts[runFont.id] === undefined) page.fonts[runFont.id] = runFont.ref();
      if (runFont !== font || run.size !== size) operators.push(`/${runFont.id} ${num(run.size)} Tf`);
      if (run.color !== color) operators.push(this.fillOperator(run.color));
      font = runFont;
      size = run.size;
      color = run.color;
      const x = run.x;
      const y = page.height - run.y - (runFont.ascender / 1000) * run.size;
      operators.push(...glyphOperators(runFont, text, run.size, x, y));
    }
    operators.push('ET Q');
    appendContent(this.doc, operators.join('\n'));
  }

  /** `r g b rg` for a #rrggbb colour, as pdfkit writes it. */
  private fillOperator(hex: string): string {
    let operator = this.colors.get(hex);
    if (operator === undefined) {
      const value = Number.parseInt(hex.slice(1), 16);
      const channels = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].map((channel) => num(channel / 255));
      operator = `${channels.join(' ')} rg`;
      this.colors.set(hex, operator);
    }
    return operator;
  }
}

/** The Tm and TJ operators of one line: glyph ids in hex, kerning as TJ adjustments, offsets (marks) as moves. */
function glyphOperators(font: EncodingFont, text: string, size: number, x: number, y: number): string[] {
  const [encoded, positions] = font.encode(text);
  const scale = size / 1000;
  const operators = [`1 0 0 1 ${num(x)} ${num(y)} Tm`];
  const commands: string[] = [];
  let last = 0;
  let hadOffset = false;
  let cursor = x;
  const addSegment = (end: number): void => {
    if (last < end) {
      const position = positions[end - 1] as GlyphPosition;
      commands.push(`<${encoded.slice(last, end).join('')}> ${num(-(position.xAdvance - position.advanceWidth))}`);
    }
    last = end;
  };
  const flush = (end: number): void => {
    addSegment(end);
    if (commands.length > 0) {
      operators.push(`[${commands.join(' ')}] TJ`);
      commands.length = 0;
    }
  };
  positions.forEach((position, index) => {
    if (position.xOffset !== 0 || position.yOffset !== 0) {
      flush(index);
      operators.push(`1 0 0 1 ${num(cursor + position.xOffset * scale)} ${num(y + position.yOffset * scale)} Tm`);
      flush(index + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        operators.push(`1 0 0 1 ${num(cursor)} ${num(y)} Tm`);
        hadOffset = false;
      }
      if (position.xAdvance - position.advanceWidth !== 0) addSegment(index + 1);
    }
    cursor += position.xAdvance * scale;
  });
  flush(positions.length);
  return operators;
}

/** Numbers as pdfkit writes them in content streams: at most six decimals. */
function num(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
