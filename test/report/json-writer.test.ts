import { describe, expect, it } from 'vitest';
import { jsonToBuffer, StreamedArray, streamedMap } from '../../src/report/writers/io/json-writer.js';
import { oscalOf } from '../../src/report/writers/oscal.js';
import { buildPackModel } from '../../src/report/model/model.js';
import { reportPackInput } from '../support/report-fixtures.js';

describe('jsonToBuffer', () => {
  it('writes a StreamedArray as the array it yields, making its items only while writing', () => {
    let made = 0;
    const streamed = streamedMap([1, 2, 3], (value) => {
      made += 1;
      return { value, nested: new StreamedArray(() => [value, undefined]) };
    });
    const document = { before: 'a', items: streamed, empty: new StreamedArray(() => []), after: 'b' };
    expect(made).toBe(0);
    const plain = { before: 'a', items: [1, 2, 3].map((value) => ({ value, nested: [value, undefined] })), empty: [], after: 'b' };
    expect(jsonToBuffer(document).toString()).toBe(`${JSON.stringify(plain, null, 2)}\n`);
    expect(made).toBe(3);
    expect(JSON.stringify(document)).toBe(JSON.stringify(plain));
  });

  it('writes exactly what JSON.stringify(value, null, 2) writes, plus a newline', () => {
    const samples: unknown[] = [
      { a: 1, b: [true, null, 'x"y', { c: [] }], d: {}, e: undefined, f: [undefined], g: 'ü支付\n' },
      [],
      'plain',
      oscalOf(buildPackModel(reportPackInput())),
    ];
    for (const sample of samples) expect(jsonToBuffer(sample).toString()).toBe(`${JSON.stringify(sample, null, 2)}\n`);
  });

  it('serialises a document larger than the longest string V8 allows', () => {
    // ~600 MB of JSON text: JSON.stringify throws RangeError (Invalid string length) on it.
    const row = 'x'.repeat(1000);
    const big = { rows: Array.from({ length: 600_000 }, () => row) };
    expect(() => JSON.stringify(big)).toThrow(RangeError);
    const bytes = jsonToBuffer(big, 0);
    expect(bytes.length).toBeGreaterThan(600_000_000);
    expect(bytes.subarray(0, 12).toString()).toBe('{\n"rows": [\n');
  });
});
