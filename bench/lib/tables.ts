import { memoryRatioOf, seconds, thousands } from './targets.js';
import type { BenchResults, HistoryResult, PdfResult, SizeResult, StageResult } from './types.js';

/** A table as cells, printed as aligned text on the console and as Markdown for the README summary. */
export interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function resultTables(results: BenchResults): Table[] {
  const sizes = results.sizes;
  return [
    ...(sizes.length === 0 ? [] : [wholeRunTable(sizes), evaluateTable(sizes), formatsTable(sizes), databaseTable(sizes)]),
    ...(results.history === null ? [] : [historyTable(results.history)]),
    ...(results.pdf === null ? [] : [pdfTable(results.pdf)]),
    targetsTable(results),
  ];
}

function wholeRunTable(sizes: readonly SizeResult[]): Table {
  const stageNames = sizes[0]?.wholeRun.stages.map((stage) => stage.stage) ?? [];
  const stageRow = (name: string): string[] => [name, ...sizes.map((size) => stageCell(size.wholeRun.stages.find((stage) => stage.stage === name)))];
  return {
    title: 'Whole run, stage by stage: wall time (CPU time) · objects/s · peak RSS',
    header: ['stage', ...sizes.map((size) => `${thousands(size.objects)} objects`)],
    rows: [
      ...stageNames.map(stageRow),
      ['whole run', ...sizes.map((size) => `${seconds(size.wholeRun.ms)} (${seconds(sum(size.wholeRun.stages.map((stage) => stage.cpuMs)))} CPU)`)],
      ['max RSS of the run', ...sizes.map((size) => `${size.wholeRun.maxRssMb.toFixed(0)} MB`)],
      ['HTTPS requests / list pages', ...sizes.map((size) => (size.server === undefined ? '–' : `${size.server.requests} / ${size.server.listPages}`))],
      ['load average at start (1/5/15 min)', ...sizes.map((size) => size.loadAverage?.join(' / ') ?? '–')],
    ],
  };
}

function stageCell(stage: StageResult | undefined): string {
  if (stage === undefined) return '–';
  const rate = stage.objectsPerSecond === null ? '' : ` · ${compact(stage.objectsPerSecond)}/s`;
  return `${duration(stage.ms)} (${duration(stage.cpuMs)})${rate} · ${stage.peakRssMb.toFixed(0)} MB`;
}

function evaluateTable(sizes: readonly SizeResult[]): Table {
  const row = (name: string, cell: (size: SizeResult) => string): string[] => [name, ...sizes.map(cell)];
  return {
    title: 'Evaluate against its floor, JSON.parse of the same snapshot (medians)',
    header: ['', ...sizes.map((size) => `${thousands(size.objects)} objects`)],
    rows: [
      row('snapshot as JSON', (size) => megabytes(size.evaluate.snapshotJsonBytes)),
      row('JSON.parse', (size) => duration(size.evaluate.jsonParseMs)),
      row('evaluateChecks (index built inside)', (size) => duration(size.evaluate.evaluateMs)),
      row('evaluate / JSON.parse', (size) => `${size.evaluate.evaluateToParseRatio.toFixed(2)}x`),
      row('first (cold) evaluateChecks of the process', (size) => `${duration(size.evaluate.coldEvaluateMs)} (${size.evaluate.coldEvaluateToParseRatio.toFixed(2)}x)`),
      row('map (deriveResults + scoreFrameworks)', (size) => duration(size.evaluate.mapMs)),
      row('checks / findings / failing', (size) => `${size.evaluate.checks} / ${thousands(size.evaluate.findings)} / ${thousands(size.evaluate.failing)}`),
      row('heap: parsed snapshot / evaluation result', (size) => `${size.evaluate.parsedSnapshotHeapMb.toFixed(1)} MB / ${size.evaluate.evaluationHeapMb.toFixed(1)} MB (${memoryRatioOf(size.evaluate).toFixed(2)}x)`),
      row('RSS growth at evaluation peak', (size) => `${size.evaluate.evaluationPeakRssGrowthMb.toFixed(0)} MB`),
    ],
  };
}

function formatsTable(sizes: readonly SizeResult[]): Table {
  const formats = sizes[0]?.report.otherFormats.map((format) => format.format) ?? [];
  return {
    title: 'Pack files: sizes, and the formats outside the target (rendered after the run)',
    header: ['file', ...sizes.map((size) => `${thousands(size.objects)} objects`)],
    rows: [
      ['report.html', ...sizes.map((size) => megabytes(size.report.htmlBytes))],
      ['report.pdf (signed)', ...sizes.map((size) => megabytes(size.report.pdfBytes))],
      ...formats.map((name) => [
        name,
        ...sizes.map((size) => {
          const format = size.report.otherFormats.find((candidate) => candidate.format === name);
          if (format === undefined) return '–';
          return format.error === null ? `${duration(format.ms)} · ${megabytes(format.bytes ?? 0)} · ${format.peakRssMb.toFixed(0)} MB RSS` : `FAILED after ${duration(format.ms)}: ${format.error}`;
        }),
      ]),
    ],
  };
}

function databaseTable(sizes: readonly SizeResult[]): Table {
  const row = (name: string, cell: (size: SizeResult) => string): string[] => [name, ...sizes.map(cell)];
  return {
    title: 'Database size',
    header: ['', ...sizes.map((size) => `${thousands(size.objects)} objects`)],
    rows: [
      row('after 1 run', (size) => megabytes(size.database.firstRunBytes)),
      row('after a 2nd, unchanged run', (size) => `${megabytes(size.database.afterUnchangedRunBytes)} (+${size.database.unchangedGrowthPct.toFixed(2)}%)`),
      row('after 10 daily runs at 1% churn', (size) => `${megabytes(size.database.churnRunBytes.at(-1) ?? 0)} (${size.database.churnRatio.toFixed(3)}x)`),
      row('insertRun, churned day (median)', (size) => duration(size.database.churnInsertMs)),
    ],
  };
}

function historyTable(history: HistoryResult): Table {
  return {
    title: `History queries over ${history.runs} stored daily runs (${history.objectsPerRun}-object cluster; ${history.frameworks} frameworks; median of ${history.repetitions})`,
    header: ['query', 'time', 'rows'],
    rows: [
      ['scoreTrend, every framework', duration(history.scoreTrendMs), thousands(history.trendPoints)],
      ['requirementHistory, every framework', duration(history.requirementHistoryMs), thousands(history.historyRows)],
      ['both (what a report asks for)', duration(history.queryMs), ''],
      [`database (${history.runs} runs), inserting them`, megabytes(history.databaseBytes), duration(history.insertMs)],
    ],
  };
}

function pdfTable(pdf: PdfResult): Table {
  return {
    title: `PDF of a stored run with ${thousands(pdf.failingFindings)} failing findings (${thousands(pdf.objects)}-object cluster), as \`kubevidence report\` makes it, in its own process`,
    header: ['load run', 'model', 'render', 'pages', 'size', 'RSS before', 'peak RSS', 'max RSS (process)'],
    rows: [[duration(pdf.loadMs), duration(pdf.modelMs), duration(pdf.renderMs), thousands(pdf.pages), megabytes(pdf.pdfBytes), `${pdf.baselineRssMb.toFixed(0)} MB`, `${pdf.peakRssMb.toFixed(0)} MB`, `${pdf.maxRssMb.toFixed(0)} MB`]],
  };
}

function targetsTable(results: BenchResults): Table {
  return {
    title: 'Targets',
    header: ['', 'target', 'limit', 'measured'],
    rows: results.targets.map((target) => [target.pass === null ? '–' : target.pass ? 'PASS' : 'MISS', target.target, target.limit, target.measured]),
  };
}

/** Aligned plain text, one blank line between tables. */
export function tablesAsText(tables: readonly Table[]): string {
  return tables.map(tableAsText).join('\n\n');
}

function tableAsText(table: Table): string {
  const lines = [table.header, ...table.rows];
  const widths = table.header.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length)));
  const render = (line: readonly string[]): string => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [table.title, render(table.header), widths.map((width) => '-'.repeat(width)).join('  '), ...table.rows.map(render)].join('\n');
}

export function tablesAsMarkdown(tables: readonly Table[]): string {
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  return tables
    .map((table) =>
      [`**${table.title}**`, '', `| ${table.header.map(escape).join(' | ')} |`, `|${table.header.map(() => '---').join('|')}|`, ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n'),
    )
    .join('\n\n');
}

function duration(ms: number): string {
  return ms >= 1000 ? seconds(ms) : `${ms.toFixed(0)} ms`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function compact(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(0)}k` : value >= 1000 ? `${(value / 1000).toFixed(1)}k` : String(value);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
