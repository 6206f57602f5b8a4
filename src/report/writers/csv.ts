import type { FindingRow, PackModel } from '../model/model-types.js';
import { renderToBuffer, type TextSink } from './io/text-sink.js';

export const CSV_COLUMNS = [
  'id',
  'check',
  'check_title',
  'severity',
  'status',
  'kind',
  'namespace',
  'name',
  'message',
  'evidence',
  'frameworks',
  'requirements',
  'waiver_id',
  'waiver_approver',
  'waiver_expires',
] as const;

/** Cells a spreadsheet would read as a formula (or DDE): `=`, `+`, `-`, `@`, and tab/CR that some apps strip first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * findings.csv: one row per finding of the run, RFC 4180 (CRLF line ends, fields quoted when they hold a comma,
 * quote or line break, quotes doubled). A UTF-8 byte order mark leads so spreadsheet programs read non-Latin
 * names correctly. Cluster-supplied text can start with `=`: such cells get a leading `'` so opening the file
 * never runs a formula (OWASP CSV injection advice); the JSON keeps the exact value.
 */
export function writeFindingsCsv(model: PackModel, sink: TextSink): void {
  sink(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  for (const row of model.findings) sink(`${cellsOf(row).map(csvField).join(',')}\r\n`);
}

export function renderFindingsCsv(model: PackModel): Buffer {
  return renderToBuffer((sink) => writeFindingsCsv(model, sink));
}

function cellsOf(row: FindingRow): string[] {
  return [
    row.id,
    row.check,
    row.checkTitle,
    row.severity,
    row.status,
    row.resource.kind,
    row.namespace ?? '',
    row.resource.name,
    row.message,
    row.evidence.join('\n'),
    row.frameworks.join(' '),
    row.requirements.join('; '),
    row.waiver?.id ?? '',
    row.waiver?.approver ?? '',
    row.waiver?.expires ?? '',
  ];
}

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
