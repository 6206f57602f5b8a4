import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { FONTS, registerFonts } from '../../src/report/writers/pdf/fonts.js';
import { fontObject, PDFKIT_INTERNALS_VERSION, PdfkitInternalsChanged, probePdfkitInternals } from '../../src/report/writers/pdf/pdfkit-internals/index.js';

function freshDocument(): PDFKit.PDFDocument {
  const doc = new PDFDocument({ autoFirstPage: false, bufferPages: true });
  registerFonts(doc);
  doc.addPage();
  return doc;
}

function probe(doc: PDFKit.PDFDocument): string[] {
  return probePdfkitInternals(doc, [FONTS.regular.name, FONTS.bold.name], FONTS.mono.name);
}

describe('pdfkit internals the PDF writer relies on', () => {
  it(`are all present with the expected types in the installed pdfkit (read from ${PDFKIT_INTERNALS_VERSION})`, () => {
    const missing = probe(freshDocument());
    // On failure the message names each changed internal: update src/report/writers/pdf/pdfkit-internals/.
    expect(missing, `pdfkit internals changed: ${missing.join(', ')}`).toEqual([]);
  });

  it('names the internal that is gone when pdfkit changes its font object', () => {
    const doc = freshDocument();
    Object.defineProperty(doc, '_font', { get: () => ({ id: 'F1', ascender: 900 }), set: () => undefined, configurable: true });
    const missing = probe(doc);
    expect(missing).toContain('doc._font.encode (function)');
    expect(missing).toContain('doc._font.widthOfString (function)');
    expect(() => fontObject(doc, FONTS.regular.name)).toThrow(PdfkitInternalsChanged);
    expect(() => fontObject(doc, FONTS.regular.name)).toThrow(/pdfkit internals changed .*doc\._font\.encode \(function\)/);
  });

  it('names the page internals and addContent when they are gone', () => {
    const doc = freshDocument();
    Object.defineProperty(doc, 'page', { value: { height: 842, fonts: {}, content: { buffer: 'not chunks' } }, configurable: true });
    Object.defineProperty(doc, 'addContent', { value: undefined, configurable: true });
    const missing = probe(doc);
    expect(missing).toContain('doc.addContent (function)');
    expect(missing).toContain('doc.page.content.buffer (array)');
  });
});
