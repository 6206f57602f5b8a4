/**
 * Every read of pdfkit's private state goes through here. pdfkit (pinned in package.json) has no public API for
 * a font object's glyph encoding and measurement, the current page's font resources and content stream, or its
 * word-shaping cache; the PDF writer uses them for speed and bounded memory on large packs. A pdfkit release
 * that renames or reshapes any of them fails here with the internal's name, not later with a wrong PDF; the
 * test test/report/pdfkit-internals.test.ts runs probePdfkitInternals on a fresh document for the same reason.
 */
import type PDFDocument from 'pdfkit';

export type Doc = InstanceType<typeof PDFDocument>;

/** The pdfkit release these internals were read from. */
export const PDFKIT_INTERNALS_VERSION = '0.17.2';

/** A glyph's placement from pdfkit's `encode`, in 1000 units. */
export interface GlyphPosition {
  readonly xAdvance: number;
  readonly advanceWidth: number;
  readonly xOffset: number;
  readonly yOffset: number;
}

/** A shaped word as pdfkit caches it: glyphs, their positions (already scaled to 1000 units) and the total advance. */
export interface ShapedRun {
  readonly glyphs: readonly unknown[];
  readonly positions: readonly { readonly xAdvance: number }[];
  readonly advanceWidth: number;
}

/** The parts of a pdfkit font object (EmbeddedFont or StandardFont) the writer uses; pdfkit keeps it on `doc._font`. */
export interface PdfkitFont {
  readonly id: string;
  readonly ascender: number;
  encode(text: string): [string[], GlyphPosition[]];
  ref(): unknown;
  widthOfString(text: string, size: number): number;
  lineHeight(size: number, includeGap?: boolean): number;
}

/** An embedded font's fontkit font and word cache (EmbeddedFont.font, layoutRun, layoutCached, layoutCache). */
export interface PdfkitEmbeddedFont extends PdfkitFont {
  readonly font: { hasGlyphForCodePoint(codePoint: number): boolean };
  layoutCache?: unknown;
  layoutRun(text: string): ShapedRun;
  layoutCached(text: string): ShapedRun;
}

/** The page pdfkit is drawing on: its height, its font resources by id, and its content stream's chunks. */
export interface PdfkitPage {
  readonly height: number;
  readonly fonts: Record<string, unknown>;
  readonly content: { buffer: unknown };
}

/** Thrown when pdfkit no longer has an internal the writer relies on: names it and the version it was read from. */
export class PdfkitInternalsChanged extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`pdfkit internals changed (read from pdfkit ${PDFKIT_INTERNALS_VERSION}): missing or of another type: ${missing.join(', ')}`);
    this.name = 'PdfkitInternalsChanged';
  }
}

type Shape = Readonly<Record<string, 'function' | 'number' | 'string' | 'object'>>;

const FONT_SHAPE: Shape = { id: 'string', ascender: 'number', encode: 'function', ref: 'function', widthOfString: 'function', lineHeight: 'function' };
const EMBEDDED_FONT_SHAPE: Shape = { ...FONT_SHAPE, font: 'object', layoutRun: 'function', layoutCached: 'function' };
const PAGE_SHAPE: Shape = { height: 'number', fonts: 'object', content: 'object' };

/** Names (prefixed with `where`) of the members of `value` that are missing or of another type than `shape` says. */
function missingMembers(value: unknown, shape: Shape, where: string): string[] {
  if (typeof value !== 'object' || value === null) return [where];
  const record = value as Record<string, unknown>;
  return Object.entries(shape)
    .filter(([key, type]) => typeof record[key] !== type || (type === 'object' && record[key] === null))
    .map(([key, type]) => `${where}.${key} (${type})`);
}

function checked<T>(value: unknown, shape: Shape, where: string): T {
  const missing = missingMembers(value, shape, where);
  if (missing.length > 0) throw new PdfkitInternalsChanged(missing);
  return value as T;
}

/** pdfkit's font object for a registered font (or a standard one such as Courier); leaves that font current. */
export function fontObject(doc: Doc, name: string): PdfkitFont {
  doc.font(name);
  return checked<PdfkitFont>((doc as unknown as { _font?: unknown })._font, FONT_SHAPE, 'doc._font');
}

/** pdfkit's font object for a registered embedded (TrueType) font; leaves that font current. */
export function embeddedFontObject(doc: Doc, name: string): PdfkitEmbeddedFont {
  doc.font(name);
  const font = checked<PdfkitEmbeddedFont>((doc as unknown as { _font?: unknown })._font, EMBEDDED_FONT_SHAPE, 'doc._font');
  checked(font.font, { hasGlyphForCodePoint: 'function' }, 'doc._font.font');
  return font;
}

/** Whether the current embedded font has a glyph for a code point (its fontkit font's cmap). */
export function glyphCoverageOf(doc: Doc): (codePoint: number) => boolean {
  const font = checked<{ font: unknown }>((doc as unknown as { _font?: unknown })._font, { font: 'object' }, 'doc._font');
  const fontkit = checked<PdfkitEmbeddedFont['font']>(font.font, { hasGlyphForCodePoint: 'function' }, 'doc._font.font');
  return (codePoint) => fontkit.hasGlyphForCodePoint(codePoint);
}

/** The page being drawn. */
export function currentPage(doc: Doc): PdfkitPage {
  return checked<PdfkitPage>((doc as unknown as { page?: unknown }).page, PAGE_SHAPE, 'doc.page');
}

/** Appends raw content-stream operators to the current page (pdfkit's `addContent`). */
export function appendContent(doc: Doc, operators: string): void {
  const add = (doc as unknown as { addContent?: unknown }).addContent;
  if (typeof add !== 'function') throw new PdfkitInternalsChanged(['doc.addContent (function)']);
  (add as (data: string) => unknown).call(doc, operators);
}

/**
 * Every internal above, checked on `doc` after drawing a word with each given embedded font (so its caches
 * exist). Returns the names of those missing or changed; empty when this pdfkit is the one the writer expects.
 */
export function probePdfkitInternals(doc: Doc, embeddedFontNames: readonly string[], standardFontName: string): string[] {
  const missing: string[] = [];
  const attempt = (read: () => void): void => {
    try {
      read();
    } catch (error) {
      if (error instanceof PdfkitInternalsChanged) missing.push(...error.missing);
      else missing.push(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (typeof (doc as unknown as { addContent?: unknown }).addContent !== 'function') missing.push('doc.addContent (function)');
  attempt(() => {
    const page = currentPage(doc);
    if (!Array.isArray(page.content.buffer)) missing.push('doc.page.content.buffer (array)');
  });
  for (const name of embeddedFontNames) {
    attempt(() => {
      const font = embeddedFontObject(doc, name);
      doc.text('probe', 0, 0);
      if (!('layoutCache' in font)) missing.push('doc._font.layoutCache');
    });
  }
  attempt(() => fontObject(doc, standardFontName));
  return [...new Set(missing)];
}
