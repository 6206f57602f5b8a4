import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * How bytes are kept on disk: raw DEFLATE (RFC 1951), so any zlib can read a row back without this tool.
 * Brotli compresses small JSON a few percent better but is ~50x slower at its default quality.
 */
export function compress(bytes: Uint8Array, dictionary?: Uint8Array): Buffer {
  return dictionary === undefined ? deflateRawSync(bytes) : deflateRawSync(bytes, { dictionary });
}

/** `dictionary` must be the bytes the body was compressed against (zlib keeps the last 32 KiB of it). */
export function decompress(body: Uint8Array, dictionary?: Uint8Array): Buffer {
  return dictionary === undefined ? inflateRawSync(body) : inflateRawSync(body, { dictionary });
}

/**
 * A run's list of object or finding ids, in the run's own order. Ids are handed out in insertion order, so
 * consecutive ids dominate: each id is stored as the zig-zag varint of its difference from the previous one,
 * which makes an unchanged 50,000-id list a long run of 0x02 bytes (a few hundred bytes once compressed).
 */
export function encodeIdList(ids: readonly number[]): Buffer {
  const bytes: number[] = [];
  let previous = 0;
  for (const id of ids) {
    appendVarint(zigZag(id - previous), bytes);
    previous = id;
  }
  return Buffer.from(bytes);
}

export function decodeIdList(encoded: Uint8Array): number[] {
  const ids: number[] = [];
  let previous = 0;
  let offset = 0;
  while (offset < encoded.length) {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = encoded[offset++] ?? 0;
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte >= 0x80 && offset < encoded.length);
    previous += unZigZag(value);
    ids.push(previous);
  }
  return ids;
}

// Arithmetic rather than bit operators: ids are SQLite rowids and may exceed 32 bits.
function zigZag(delta: number): number {
  return delta >= 0 ? delta * 2 : -delta * 2 - 1;
}

function unZigZag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function appendVarint(value: number, bytes: number[]): void {
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
}
