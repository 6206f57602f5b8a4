import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * How bytes are kept on disk: raw DEFLATE (RFC 1951), so any zlib can read a row back without this tool.
 * Brotli compresses small JSON a few percent better but is ~50x slower at its default quality.
 */
export function compress(bytes: Uint8Array, dictionary?: Uint8Array): Buffer {
  // deflateRawSync returns a view into zlib's 16 KiB output chunk: copy, so a 300-byte body does not pin 16 KiB.
  return Buffer.from(dictionary === undefined ? deflateRawSync(bytes) : deflateRawSync(bytes, { dictionary }));
}

/** `dictionary` must be the bytes the body was compressed against (zlib keeps the last 32 KiB of it). */
export function decompress(body: Uint8Array, dictionary?: Uint8Array): Buffer {
  return dictionary === undefined ? inflateRawSync(body) : inflateRawSync(body, { dictionary });
}

/*
 * A run's list of object or finding ids, in the run's own order, in one of two forms:
 *
 *   whole:  0x00, then each id as the zig-zag varint of its difference from the previous id
 *   patch:  0x01, the SHA-256 of the base list's encoding (32 bytes), varint depth (1 + the base's), varint n,
 *           n ids removed from the base (ascending, varint differences), varint m, then m pairs
 *           (varint position difference, zig-zag varint id difference) inserted at those positions
 *
 * Ids are handed out in insertion order, so a whole list is mostly runs of 0x02 bytes. A patch against the
 * previous run's list costs a few bytes per changed object, however many changes earlier runs accumulated.
 */
const WHOLE = 0x00;
const PATCH = 0x01;
const ADDRESS_BYTES = 32;

export function encodeIdList(ids: readonly number[]): Buffer {
  const writer = new VarintWriter();
  writer.byte(WHOLE);
  writer.deltas(ids, true);
  return writer.buffer();
}

/**
 * `ids` as a patch against `base`, or null when it would not pay (most of the list changed) or cannot express
 * the list (the entries both lists share are in a different relative order).
 */
export function encodeIdPatch(base: IdListBase, ids: readonly number[]): Buffer | null {
  const inNew = new Set(ids);
  const inBase = new Set(base.ids);
  const removed = base.ids.filter((id) => !inNew.has(id)).sort((a, b) => a - b);
  const added = ids.flatMap((id, position) => (inBase.has(id) ? [] : [[position, id] as const]));
  if ((removed.length + added.length) * 4 > ids.length) return null;
  const writer = new VarintWriter();
  writer.byte(PATCH);
  writer.bytes(base.address);
  writer.varint(base.depth + 1);
  writer.varint(removed.length);
  writer.deltas(removed, false);
  writer.varint(added.length);
  let position = 0;
  let id = 0;
  for (const [at, value] of added) {
    writer.varint(at - position);
    writer.varint(zigZag(value - id));
    position = at;
    id = value;
  }
  const patch = writer.buffer();
  return sameIds(applyPatch(base.ids, patch), ids) ? patch : null;
}

/** What a patch needs of its base: the base's ids, the address of its encoding, and its own depth. */
export interface IdListBase {
  readonly ids: readonly number[];
  readonly address: Buffer;
  readonly depth: number;
}

/** The base a patch is against (by address) and its depth, or null for a whole list. */
export function patchBaseOf(encoded: Uint8Array): { readonly address: Buffer; readonly depth: number } | null {
  if (encoded[0] !== PATCH) return null;
  const reader = new VarintReader(encoded, 1 + ADDRESS_BYTES);
  return { address: Buffer.from(encoded.subarray(1, 1 + ADDRESS_BYTES)), depth: reader.varint() };
}

/** Decodes a whole list, or a patch given its base's ids. */
export function decodeIdList(encoded: Uint8Array, baseIds?: readonly number[]): number[] {
  if (encoded[0] === WHOLE) return new VarintReader(encoded, 1).deltas(true);
  if (encoded[0] !== PATCH || baseIds === undefined) throw new Error('an id list patch needs its base list');
  return applyPatch(baseIds, encoded);
}

function applyPatch(baseIds: readonly number[], patch: Uint8Array): number[] {
  const reader = new VarintReader(patch, 1 + ADDRESS_BYTES);
  reader.varint(); // depth
  const removed = new Set(reader.deltas(false, reader.varint()));
  const kept = baseIds.filter((id) => !removed.has(id));
  const count = reader.varint();
  const result: number[] = [];
  let next = 0;
  let position = 0;
  let id = 0;
  for (let index = 0; index < count; index += 1) {
    position += reader.varint();
    id += unZigZag(reader.varint());
    while (result.length < position && next < kept.length) result.push(kept[next++] as number);
    result.push(id);
  }
  while (next < kept.length) result.push(kept[next++] as number);
  return result;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

class VarintWriter {
  private readonly out: number[] = [];

  byte(value: number): void {
    this.out.push(value);
  }

  bytes(values: Uint8Array): void {
    for (const value of values) this.out.push(value);
  }

  // Arithmetic rather than bit operators: ids are SQLite rowids and may exceed 32 bits.
  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.out.push((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.out.push(rest);
  }

  /** Each value as its difference from the previous one; zig-zag when the sequence may go down. */
  deltas(values: readonly number[], signed: boolean): void {
    let previous = 0;
    for (const value of values) {
      this.varint(signed ? zigZag(value - previous) : value - previous);
      previous = value;
    }
  }

  buffer(): Buffer {
    return Buffer.from(this.out);
  }
}

class VarintReader {
  constructor(
    private readonly bytes: Uint8Array,
    private offset: number,
  ) {}

  varint(): number {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      if (this.offset >= this.bytes.length) throw new Error('truncated id list');
      byte = this.bytes[this.offset++] as number;
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte >= 0x80);
    return value;
  }

  /** `count` values written by {@link VarintWriter.deltas}, or every value up to the end. */
  deltas(signed: boolean, count = Number.POSITIVE_INFINITY): number[] {
    const values: number[] = [];
    let previous = 0;
    while (values.length < count && this.offset < this.bytes.length) {
      const delta = this.varint();
      previous += signed ? unZigZag(delta) : delta;
      values.push(previous);
    }
    return values;
  }
}

function zigZag(delta: number): number {
  return delta >= 0 ? delta * 2 : -delta * 2 - 1;
}

function unZigZag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}
