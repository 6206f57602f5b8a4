import { join } from 'node:path';
import type PDFDocument from 'pdfkit';
import { PROJECT_ROOT } from '../../../version.js';
import { glyphCoverageOf } from './pdfkit-internals/index.js';

/** DejaVu Sans ships with the project (assets/fonts, licence beside it): Latin, Greek, Cyrillic and more. */
const FONT_DIR: string = join(PROJECT_ROOT, 'assets', 'fonts');
export const FONTS = {
  regular: { name: 'body', file: join(FONT_DIR, 'DejaVuSans.ttf') },
  bold: { name: 'bold', file: join(FONT_DIR, 'DejaVuSans-Bold.ttf') },
  /**
   * Hashes and ids (hex and ASCII only) are set in the standard Courier: monospaced, so a SHA-256 lines up and
   * never needs breaking, and measured from metrics alone, which matters when an index lists thousands of them.
   */
  mono: { name: 'Courier' },
} as const;

/** Printable ASCII with line breaks and tabs: already NFC, and drawable by any font that draws ASCII. */
const PLAIN_TEXT = /^[\x20-\x7e\n\t]*$/;

/** Whether a string can be set in the standard (non-embedded) mono font: printable ASCII only. */
export function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e\n]*$/.test(text);
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont(FONTS.regular.name, FONTS.regular.file);
  doc.registerFont(FONTS.bold.name, FONTS.bold.file);
  doc.font(FONTS.regular.name);
}

/** Text as drawn, and the real text when they differ (for the PDF's ActualText, which copy and pdftotext use). */
export interface SafeText {
  readonly visible: string;
  readonly actual: string | null;
}

/**
 * Cluster text can hold any script; DejaVu has no CJK ideographs, for instance. A character the embedded font
 * cannot draw is shown as `[U+652F]` rather than as an empty box, and the whole string is marked with its real
 * text (ActualText), so copying from the PDF and text extraction (pdftotext) still yield `支付`. Deterministic:
 * the result depends only on the font file shipped with the project.
 */
export class TextSafety {
  private readonly covered = new Map<number, boolean>();
  /** Whether the font draws every printable ASCII character: then ASCII text (most text of a pack) needs no look-up. */
  private readonly drawsAscii: boolean;

  constructor(private readonly hasGlyph: (codePoint: number) => boolean) {
    let all = true;
    for (let codePoint = 0x20; codePoint <= 0x7e; codePoint += 1) all &&= hasGlyph(codePoint);
    this.drawsAscii = all;
  }

  static forDocument(doc: PDFKit.PDFDocument): TextSafety {
    // The current font's cmap tells which code points it draws.
    return new TextSafety(glyphCoverageOf(doc));
  }

  safe(text: string): SafeText {
    if (this.drawsAscii && PLAIN_TEXT.test(text)) return { visible: text, actual: null };
    let changed = false;
    let visible = '';
    for (const char of text.normalize('NFC')) {
      const codePoint = char.codePointAt(0) ?? 0;
      if (this.canDraw(codePoint)) {
        visible += char;
      } else {
        changed = true;
        visible += `[U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}]`;
      }
    }
    return changed ? { visible, actual: text } : { visible: text, actual: null };
  }

  private canDraw(codePoint: number): boolean {
    // Line breaks and tabs are layout, not glyphs.
    if (codePoint === 0x0a || codePoint === 0x09) return true;
    let known = this.covered.get(codePoint);
    if (known === undefined) {
      known = codePoint >= 0x20 && this.hasGlyph(codePoint);
      this.covered.set(codePoint, known);
    }
    return known;
  }
}

export type Doc = InstanceType<typeof PDFDocument>;
