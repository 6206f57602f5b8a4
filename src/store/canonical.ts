import { createHash, hash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, `undefined` members dropped (as
 * JSON.stringify does). Every content address and every run hash is SHA-256 over this form, so the same
 * content always has the same id, whatever order its keys were built in. The value is first brought into key
 * order (objects already in order are reused, the others copied), then written by JSON.stringify with no
 * replacer: a replacer function is called for every value, which made hashing a run's findings much slower.
 * The stored addresses depend on this output: it must stay byte-identical to what earlier versions wrote.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(inKeyOrder(value));
}

function inKeyOrder(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`cannot hash a non-finite number (${value})`);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return arrayInKeyOrder(value);
  const record = value as Record<string, unknown>;
  // JSON.stringify writes what toJSON returns (a Date's ISO string): order that instead.
  if (typeof record['toJSON'] === 'function') return inKeyOrder((record['toJSON'] as () => unknown)());
  return recordInKeyOrder(record);
}

function arrayInKeyOrder(items: readonly unknown[]): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    const ordered = inKeyOrder(item);
    if (copy === undefined && ordered !== item) copy = items.slice(0, index);
    copy?.push(ordered);
  }
  return copy ?? items;
}

function recordInKeyOrder(record: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(record);
  const sorted = isSorted(keys);
  if (!sorted) keys.sort();
  let copy: Record<string, unknown> | undefined = sorted ? undefined : {};
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    const member = record[key];
    const ordered = inKeyOrder(member);
    if (copy === undefined && ordered !== member) copy = copyOfFirst(record, keys, index);
    if (copy !== undefined) copy[key] = ordered;
  }
  return copy ?? record;
}

/** A new object holding the first `count` members of `record`, in the order of `keys`. */
function copyOfFirst(record: Record<string, unknown>, keys: readonly string[], count: number): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (let index = 0; index < count; index += 1) copy[keys[index] as string] = record[keys[index] as string];
  return copy;
}

function isSorted(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index += 1) if ((keys[index - 1] as string) > (keys[index] as string)) return false;
  return true;
}

// crypto.hash is the one-shot form (Node >= 20.12): about twice as fast as createHash for the many small
// findings and objects a run hashes.
export function sha256(data: string | Uint8Array): Buffer {
  return hash('sha256', data, 'buffer');
}

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/** SHA-256 over a sequence of 32-byte digests, in order: how a run commits to thousands of content ids at once. */
export function digestOfDigests(digests: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const digest of digests) hash.update(digest);
  return hash.digest('hex');
}
