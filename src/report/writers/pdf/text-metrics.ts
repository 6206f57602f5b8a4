import { FONTS, type Doc } from './fonts.js';
import { fontObject, type PdfkitFont } from './pdfkit-internals/index.js';

export type FontKey = keyof typeof FONTS;

/** The part of a pdfkit font object that measures. */
type MeasuringFont = Pick<PdfkitFont, 'widthOfString' | 'lineHeight'>;

/**
 * Distinct words remembered before the word widths are forgotten. A 5,000-finding pack has a few tens of
 * thousands of distinct words (resource names, messages); a number per word is small, so this only guards
 * against pathological input.
 */
const MAX_REMEMBERED_WORDS = 200_000;
const ELLIPSIS = '…';

/**
 * Text measurement and line breaking for the table cells, which are most of a large pack's text. pdfkit measures
 * a string by shaping every word with fontkit (kerning, ligatures) each time it is asked, and measures a wrapped
 * cell twice (once to size the row, once to draw it); here each distinct word is shaped once and its width kept
 * as a number. pdfkit shapes a string word by word (split after spaces), so the sum of the word widths is
 * exactly the width pdfkit itself would measure and draw.
 *
 * Lines break at spaces; a word wider than the line is broken between characters (measured one character at a
 * time, without kerning, which only ever makes such a piece narrower than measured).
 *
 * Text is given as the cluster wrote it and measured as it is drawn: `visible` maps it to the characters the
 * font can draw (TextSafety), so lines stay in the real text, which the drawing marks as ActualText.
 */
export class TextMetrics {
  private readonly fonts: Readonly<Record<FontKey, MeasuringFont>>;
  /** Advance of every character of the mono font at size 1. */
  private readonly monoAdvance: number;
  /** Width at size 1 of each word (with its trailing space), per font. */
  private readonly words: Record<FontKey, Map<string, number>> = { regular: new Map(), bold: new Map(), mono: new Map() };

  constructor(
    doc: Doc,
    private readonly visible: (text: string) => string,
  ) {
    const fontOf = (key: FontKey): MeasuringFont => fontObject(doc, FONTS[key].name);
    this.fonts = { regular: fontOf('regular'), bold: fontOf('bold'), mono: fontOf('mono') };
    this.monoAdvance = this.fonts.mono.widthOfString('0', 1);
    doc.font(FONTS.regular.name);
  }

  /** Height of one line, as pdfkit advances between wrapped lines. */
  lineHeight(font: FontKey, size: number): number {
    return this.fonts[font].lineHeight(size, true);
  }

  width(font: FontKey, size: number, text: string): number {
    // Courier is fixed-pitch: no need to look words up, of which an evidence index has thousands (hashes).
    if (font === 'mono') return text.length * this.monoAdvance * size;
    let total = 0;
    for (const word of wordsOf(text)) total += this.wordWidth(font, word);
    return total * size;
  }

  /** `text` broken into lines no wider than `width`: at its own line breaks, at spaces, and inside overlong words. */
  lines(font: FontKey, size: number, text: string, width: number): string[] {
    const limit = width / size;
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      let lineWidth = 0;
      for (const word of wordsOf(paragraph)) {
        const wordWidth = this.wordWidth(font, word);
        // Trailing spaces may hang past the edge, as in pdfkit.
        const inkWidth = this.wordWidth(font, word.trimEnd());
        if (lineWidth + inkWidth <= limit) {
          line += word;
          lineWidth += wordWidth;
          continue;
        }
        if (line !== '') lines.push(line.trimEnd());
        if (inkWidth <= limit) {
          line = word;
          lineWidth = wordWidth;
          continue;
        }
        const pieces = this.breakWord(font, word, limit);
        lines.push(...pieces.slice(0, -1));
        line = pieces[pieces.length - 1] ?? '';
        lineWidth = this.charsWidth(font, line);
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  /** `text` on one line of `width`: as is when it fits, otherwise cut and ended with an ellipsis. */
  fit(font: FontKey, size: number, text: string, width: number): string {
    const flat = text.includes('\n') ? text.replace(/\n+/g, ' ') : text;
    const limit = width / size;
    if (this.width(font, 1, flat) <= limit) return flat;
    const room = limit - this.charsWidth(font, ELLIPSIS);
    let used = 0;
    let kept = '';
    for (const word of wordsOf(flat)) {
      const wordWidth = this.wordWidth(font, word);
      if (used + wordWidth <= room) {
        kept += word;
        used += wordWidth;
        continue;
      }
      kept += this.prefixFitting(font, word, room - used);
      break;
    }
    return `${kept.trimEnd()}${ELLIPSIS}`;
  }

  private wordWidth(font: FontKey, word: string): number {
    const cache = this.words[font];
    let width = cache.get(word);
    if (width === undefined) {
      if (cache.size >= MAX_REMEMBERED_WORDS) cache.clear();
      // The mono font is only given plain ASCII, which it draws as is.
      width = this.fonts[font].widthOfString(font === 'mono' ? word : this.visible(word), 1);
      cache.set(word, width);
    }
    return width;
  }

  /** Width at size 1 of characters measured one by one (for pieces of words). */
  private charsWidth(font: FontKey, text: string): number {
    let total = 0;
    for (const char of text) total += this.wordWidth(font, char);
    return total;
  }

  private prefixFitting(font: FontKey, word: string, room: number): string {
    let used = 0;
    let prefix = '';
    for (const char of word) {
      const width = this.wordWidth(font, char);
      if (used + width > room) break;
      prefix += char;
      used += width;
    }
    return prefix;
  }

  /**
   * An overlong word cut into line-wide pieces, each at least one character. A piece ends after the last
   * separator that fits (`/`, `.`, `-`...), so resource names and JSON paths break where a reader expects;
   * only a run without separators is cut between arbitrary characters.
   */
  private breakWord(font: FontKey, word: string, limit: number): string[] {
    const pieces: string[] = [];
    let piece = '';
    let used = 0;
    for (const char of word) {
      const width = this.wordWidth(font, char);
      if (piece !== '' && char !== ' ' && used + width > limit) {
        const cut = lastSeparatorEnd(piece);
        let rest = cut > 0 && cut < piece.length ? piece.slice(cut) : '';
        pieces.push(piece.slice(0, piece.length - rest.length));
        used = this.charsWidth(font, rest);
        // The carried-over part and this character may not fit together: then the part is a line of its own.
        if (rest !== '' && used + width > limit) {
          pieces.push(rest);
          rest = '';
          used = 0;
        }
        piece = rest;
      }
      piece += char;
      used += width;
    }
    pieces.push(piece);
    return pieces;
  }
}

/** Characters after which a long identifier may break: path, namespace, key and list separators. */
const SEPARATORS = new Set(['/', '.', '-', '_', ':', '=', ',', ';', ')', ']', '}']);

/** Index just after the last separator in `text`, or 0 when it has none. */
function lastSeparatorEnd(text: string): number {
  for (let index = text.length - 1; index >= 0; index -= 1) if (SEPARATORS.has(text[index] ?? '')) return index + 1;
  return 0;
}

/** Words as pdfkit shapes them: split after each space or tab, the space kept with the word before it. */
function wordsOf(text: string): string[] {
  return text.match(/[^ \t]*[ \t]|[^ \t]+$/g) ?? [];
}
