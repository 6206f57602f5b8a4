/**
 * The one door to pdfkit's private internals (`doc._font`, `doc.page`, `addContent`, word-shaping caches, raw
 * content-stream operators). PDF code outside this folder uses pdfkit's public API and what this module exports.
 */
export { glyphCoverageOf, fontObject, probePdfkitInternals, PdfkitInternalsChanged, PDFKIT_INTERNALS_VERSION, type PdfkitFont } from './access.js';
export { boundShapedWords, compactPageContent } from './word-shaping.js';
export { TextRunWriter, type TextRun } from './text-runs.js';
