import { describe, expect, it } from 'vitest';
import { renderInChunks, renderToBuffer } from '../../src/report/writers/io/text-sink.js';

describe('renderInChunks', () => {
  it('encodes one long text a chunk at a time without splitting a surrogate pair', () => {
    // The emoji's high surrogate sits exactly at the 1 MiB boundary of the first chunk.
    const text = `${'a'.repeat((1 << 20) - 1)}😀${'ü支付'.repeat(400_000)}`;
    const chunks: Buffer[] = [];
    renderInChunks((sink) => sink(text), (chunk) => chunks.push(chunk));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(Buffer.from(text))).toBe(true);
    expect(chunks.every((chunk) => !chunk.toString('utf8').includes('\uFFFD'))).toBe(true);
  });

  it('joins many small pieces into the same bytes', () => {
    const pieces = Array.from({ length: 50_000 }, (_, index) => `row ${index} — платёж\r\n`);
    expect(renderToBuffer((sink) => pieces.forEach(sink)).equals(Buffer.from(pieces.join('')))).toBe(true);
  });
});
