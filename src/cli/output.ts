import { displayText } from '../domain/display-text.js';
import { usageError } from '../errors.js';

/** Picks one of the allowed values of a `--format`-like flag, or fails with the list of valid ones. */
export function chooseOption<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw usageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return match;
}

/** A plain left-aligned text table for terminal output. */
export function formatTable(headers: readonly string[], cellsOf: readonly (readonly string[])[]): string {
  // Cells hold cluster data: control characters and bidi overrides are shown, not acted on.
  const rows = cellsOf.map((row) => row.map(displayText));
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') + '\n';
}

/** Writes JSON with a trailing newline, the form every `--format json` uses. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
