import { describe, expect, it } from 'vitest';
import { PACK_FILES, PACK_FORMATS } from '../../src/report/index.js';

describe('PACK_FORMATS: the one table of pack files', () => {
  it('names each file once and has exactly one PDF row, which comes first', () => {
    const files = PACK_FORMATS.map((format) => format.file);
    expect(new Set(files).size).toBe(files.length);
    expect(new Set(PACK_FORMATS.map((format) => format.name)).size).toBe(PACK_FORMATS.length);
    expect(PACK_FORMATS.filter((format) => format.writer.kind === 'pdf').map((format) => format.file)).toEqual(['report.pdf']);
    expect(PACK_FORMATS[0]?.writer.kind).toBe('pdf');
  });

  it('derives PACK_FILES from the table, so a new row is a new pack file', () => {
    for (const format of PACK_FORMATS) expect(PACK_FILES[format.name]).toBe(format.file);
    expect(PACK_FILES).toEqual({ pdf: 'report.pdf', html: 'report.html', json: 'findings.json', csv: 'findings.csv', oscal: 'assessment-results.json', attachments: 'attachments' });
  });
});
