import { currentPage, embeddedFontObject, PdfkitInternalsChanged, type Doc, type ShapedRun } from './access.js';

/**
 * Shaping a word with fontkit (DejaVu's kerning and ligature tables) is costly, and the words of a large
 * pack are mostly identifiers that occur once: `Deployment/team-034/svc-1`. pdfkit shapes and caches whole
 * words (split at spaces); here a word is shaped in pieces split after identifier separators (`Deployment/`,
 * `team-`, `034/`, `svc-`, `1`), which recur across thousands of names, and the pieces' glyphs joined. Only a
 * kerning pair across a separator and the next character is lost, which is invisible at table sizes.
 *
 * pdfkit also keeps every shaped word for the life of the document, which for thousands of findings is hundreds
 * of MB; this cache holds two generations: new words go into the young one, which when full becomes the old
 * one (the previous old one is dropped), and a word found in the old generation moves back into the young one.
 * Words in use stay cached, and memory is bounded. Leaves the first font current.
 */
export function boundShapedWords(doc: Doc, fontNames: readonly string[], wordsPerGeneration: number): void {
  for (const name of fontNames) {
    const font = embeddedFontObject(doc, name);
    let young = new Map<string, ShapedRun>();
    let old = new Map<string, ShapedRun>();
    const cached = (text: string, shape: (text: string) => ShapedRun): ShapedRun => {
      const hit = young.get(text);
      if (hit !== undefined) return hit;
      const run = old.get(text) ?? shape(text);
      if (young.size >= wordsPerGeneration) {
        old = young;
        young = new Map();
      }
      young.set(text, run);
      return run;
    };
    const shapePiece = (piece: string): ShapedRun => font.layoutRun(piece);
    const shapeWord = (word: string): ShapedRun => {
      const pieces = identifierPieces(word);
      return pieces.length === 1 ? font.layoutRun(word) : joinRuns(pieces.map((piece) => cached(piece, shapePiece)));
    };
    font.layoutCache = undefined;
    font.layoutCached = (text: string): ShapedRun => cached(text, shapeWord);
  }
  if (fontNames[0] !== undefined) doc.font(fontNames[0]);
}

/** Characters after which an identifier is shaped in a new piece. */
const PIECE_ENDS = /[^/.\-_:=,]*[/.\-_:=,]+|[^/.\-_:=,]+$/g;

function identifierPieces(word: string): string[] {
  return word.match(PIECE_ENDS) ?? [word];
}

function joinRuns(runs: readonly ShapedRun[]): ShapedRun {
  const glyphs = runs.flatMap((run) => run.glyphs);
  const positions = runs.flatMap((run) => run.positions);
  return { glyphs, positions, advanceWidth: runs.reduce((sum, run) => sum + run.advanceWidth, 0) };
}

/**
 * pdfkit keeps a buffered page's content stream as one small Buffer per drawing operator (a text run is eight
 * of them) until the document ends; a Buffer object costs far more than the few bytes it holds, so a thousand
 * pages of tables held hundreds of MB. A finished page's chunks are joined into one Buffer: the same bytes,
 * written later exactly as before (the running header and footer append to it).
 */
export function compactPageContent(doc: Doc): void {
  const { content } = currentPage(doc);
  if (!Array.isArray(content.buffer)) throw new PdfkitInternalsChanged(['doc.page.content.buffer (array)']);
  if (content.buffer.length < 2) return;
  content.buffer = [Buffer.concat(content.buffer as Uint8Array[])];
}
