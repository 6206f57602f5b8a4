import { once } from 'node:events';
import { usageError } from '../errors.js';

/** Picks one of the allowed values of a `--format`-like flag, or fails with the list of valid ones. */
export function chooseOption<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw usageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return match;
}

/**
 * A plain left-aligned text table for terminal output. Column widths are found with a loop, not
 * `Math.max(...rows)`: spreading 200,000 rows into one call overflows the stack.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header) => header.length);
  for (const row of rows) {
    for (const [column, width] of widths.entries()) widths[column] = Math.max(width, (row[column] ?? '').length);
  }
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const lines = [line(headers), line(widths.map((width) => '-'.repeat(width)))];
  for (const row of rows) lines.push(line(row));
  return `${lines.join('\n')}\n`;
}

/** Writes JSON with a trailing newline, the form every `--format json` uses. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export interface JsonWriteOptions {
  /** Two-space indentation, as `JSON.stringify(value, null, 2)`; compact otherwise. */
  readonly pretty?: boolean;
}

/** Bytes gathered before a write: large enough to keep write calls few, small enough to keep memory flat. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes `value` as JSON plus a newline, byte for byte what `JSON.stringify(value)` (or `JSON.stringify(value, null, 2)`
 * with `pretty`) would print, but in pieces: the top two levels of arrays and objects are walked and their members
 * stringified one by one, so a 200,000-finding evaluation never exists as one 200 MB string. Honours backpressure.
 */
export async function writeJson(value: unknown, options: JsonWriteOptions = {}, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  let pending = '';
  for (const piece of jsonPieces(value, options.pretty === true ? '  ' : '', 0)) {
    pending += piece;
    if (pending.length >= CHUNK_CHARS) {
      await writeChunk(out, pending);
      pending = '';
    }
  }
  await writeChunk(out, `${pending}\n`);
}

async function writeChunk(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** How deep arrays and objects are walked member by member; below that, members are stringified whole. */
const STREAMED_DEPTH = 2;

function* jsonPieces(input: unknown, indent: string, depth: number): Generator<string> {
  const value = withToJson(input);
  if (depth >= STREAMED_DEPTH || value === null || typeof value !== 'object') {
    yield indented(JSON.stringify(value, null, indent), indent, depth);
    return;
  }
  const inner = indent === '' ? '' : `\n${indent.repeat(depth + 1)}`;
  const close = indent === '' ? '' : `\n${indent.repeat(depth)}`;
  const separator = indent === '' ? ':' : ': ';
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[';
    for (const [index, item] of value.entries()) {
      yield `${index === 0 ? '' : ','}${inner}`;
      yield* isSerialisable(withToJson(item)) ? jsonPieces(item, indent, depth + 1) : ['null'];
    }
    return yield `${close}]`;
  }
  const entries = Object.entries(value).filter(([, member]) => isSerialisable(withToJson(member)));
  if (entries.length === 0) return yield '{}';
  yield '{';
  for (const [index, [key, member]] of entries.entries()) {
    yield `${index === 0 ? '' : ','}${inner}${JSON.stringify(key)}${separator}`;
    yield* jsonPieces(member, indent, depth + 1);
  }
  yield `${close}}`;
}

function withToJson(value: unknown): unknown {
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON as () => unknown).call(value) : value;
}

/** What JSON.stringify keeps as an object member (and writes as itself, not `null`, in an array). */
function isSerialisable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** A nested value's pretty form, shifted right to its depth: JSON strings hold no raw newline, so this is exact. */
function indented(text: string | undefined, indent: string, depth: number): string {
  if (text === undefined) return 'null';
  return indent === '' || depth === 0 ? text : text.replaceAll('\n', `\n${indent.repeat(depth)}`);
}
