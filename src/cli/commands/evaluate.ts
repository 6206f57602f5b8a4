import type { Command } from 'commander';
import { toEvaluationJson } from '../../contracts/evaluation-report.js';
import type { CheckMetadata } from '../../domain/check.js';
import type { Finding } from '../../domain/finding.js';
import { describeRef } from '../../domain/snapshot.js';
import { severityRank, type FindingStatus, type Severity } from '../../domain/status.js';
import { EXIT_CODES, usageError } from '../../errors.js';
import type { FrameworkScore, RequirementResult } from '../../domain/catalogue.js';
import { acquireSnapshot, evaluateSnapshot, loadAssessmentInputs, mapEvaluation, type AssessmentInputs, type Evaluation, type SnapshotSourceOption } from '../../pipeline.js';
import { chooseOption, formatTable, writeJson } from '../output.js';
import { addSourceOptions, listOption, sourceFromFlags, type SourceFlags } from '../shared/source-flags.js';
import { failuresAtOrAbove, GATE_SEVERITIES, type GateSeverity } from '../shared/gate.js';

export const EVALUATE_FORMATS = ['table', 'json'] as const;
export type EvaluateFormat = (typeof EVALUATE_FORMATS)[number];

/** Summary order: worst first, as in worstOf. The table lists findings in this order too. */
const SUMMARY_ORDER = ['fail', 'unknown', 'waived', 'pass', 'not-applicable'] as const satisfies readonly FindingStatus[];

/** Rows the table shows unless --max-rows says otherwise: a screenful or two, failing first. */
export const DEFAULT_MAX_ROWS = 100;

export interface EvaluateFlags extends SourceFlags {
  readonly format: string;
  readonly waivers?: string;
  readonly checks?: string;
  readonly failOn?: string;
  readonly framework?: string[];
  readonly controls?: string[];
  readonly pretty?: boolean;
  readonly status?: string[];
  readonly maxRows?: string;
}

/** What the table shows: which statuses (all when absent) and at most how many rows (0: all). */
export interface TableOptions {
  readonly statuses?: readonly FindingStatus[];
  readonly maxRows?: number;
}

export interface EvaluateOptions {
  readonly source: SnapshotSourceOption;
  readonly format: EvaluateFormat;
  readonly waiversFile?: string;
  readonly checksPath?: string;
  readonly failOn?: GateSeverity;
  /** Framework ids to map the findings onto; empty: findings only. */
  readonly frameworks?: readonly string[];
  readonly controlsDirs?: readonly string[];
  /** --format json: indented instead of compact. */
  readonly pretty?: boolean;
  readonly table?: TableOptions;
}

/** Requirement results of the frameworks asked for with --framework (no attestations: those live in the store). */
export interface Mapping {
  readonly results: readonly RequirementResult[];
  readonly scores: readonly FrameworkScore[];
}

export function register(program: Command): void {
  addSourceOptions(program.command('evaluate').description('Run the checks on a cluster or on offline input and print the findings.'))
    .option('--format <format>', `output format: ${EVALUATE_FORMATS.join(', ')}`, 'table')
    .option('--waivers <file>', 'YAML file of accepted risks (see controls/examples/waivers.yaml)')
    .option('--checks <path>', 'folder or file of custom checks in YAML + CEL (see controls/examples/custom-checks/)')
    .option('--fail-on <severity>', `exit ${EXIT_CODES.complianceGate} when an unwaived failure has this severity or worse: ${GATE_SEVERITIES.join(', ')}`)
    .option('--framework <ids>', 'also map the findings onto these frameworks (comma-separated) and print requirement results', listOption, [])
    .option('--controls <dir>', 'extra catalogue folder (repeatable)', listOption, [])
    .option('--pretty', 'with --format json: indent the JSON (compact by default)')
    .option('--status <statuses>', `table only: show findings with these statuses (comma-separated: ${SUMMARY_ORDER.join(', ')})`, listOption, [])
    .option('--max-rows <n>', `table only: show at most n rows, failing first (default ${DEFAULT_MAX_ROWS}; 0: all)`)
    .addHelpText(
      'after',
      "\nWaiver expiry is judged at the snapshot's collection time (now, for input that carries none), so a snapshot\n" +
        'evaluates the same way whenever it is read. --format json prints the versioned contract (docs/contracts.md),\n' +
        'every finding, streamed. The table lists failing findings first, then unknown, waived, pass, not-applicable,\n' +
        'and ends with counts of all findings.',
    )
    .action(async (flags: EvaluateFlags) => {
      await evaluateCommand(evaluateOptionsFrom(flags));
    });
}

export function evaluateOptionsFrom(flags: EvaluateFlags): EvaluateOptions {
  return {
    source: sourceFromFlags(flags),
    format: chooseOption('--format', flags.format, EVALUATE_FORMATS),
    ...(flags.waivers === undefined ? {} : { waiversFile: flags.waivers }),
    ...(flags.checks === undefined ? {} : { checksPath: flags.checks }),
    ...(flags.failOn === undefined ? {} : { failOn: chooseOption('--fail-on', flags.failOn, GATE_SEVERITIES) }),
    ...(flags.framework === undefined || flags.framework.length === 0 ? {} : { frameworks: flags.framework }),
    ...(flags.controls === undefined || flags.controls.length === 0 ? {} : { controlsDirs: flags.controls }),
    ...formatOptionsFrom(flags),
  };
}

/** --pretty belongs to JSON, --status and --max-rows to the table: a flag for the other format is a usage error. */
function formatOptionsFrom(flags: EvaluateFlags): Pick<EvaluateOptions, 'pretty' | 'table'> {
  const format = chooseOption('--format', flags.format, EVALUATE_FORMATS);
  const statuses = (flags.status ?? []).map((status) => chooseOption('--status', status, SUMMARY_ORDER));
  if (format === 'json') {
    if (statuses.length > 0 || flags.maxRows !== undefined) throw usageError('--status and --max-rows shape the table; --format json prints every finding (filter it with jq)');
    return flags.pretty === true ? { pretty: true } : {};
  }
  if (flags.pretty === true) throw usageError('--pretty indents --format json; the table has no JSON to indent');
  return { table: { ...(statuses.length === 0 ? {} : { statuses }), maxRows: maxRowsFrom(flags.maxRows) } };
}

function maxRowsFrom(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_ROWS;
  if (!/^\d+$/.test(value)) throw usageError(`--max-rows must be a whole number, 0 for all rows (got '${value}')`);
  return Number(value);
}

export async function evaluateCommand(options: EvaluateOptions): Promise<void> {
  const { evaluation, mapping } = await runEvaluationAndMapping(options, new Date());
  if (options.format === 'json') {
    const contract = toEvaluationJson({ ...evaluation, gaps: evaluation.snapshot.gaps });
    await writeJson(mapping === undefined ? contract : { ...contract, requirements: mapping.results, scores: mapping.scores }, { pretty: options.pretty === true });
  } else {
    process.stdout.write(renderTable(evaluation, options.table));
    if (mapping !== undefined) process.stdout.write(renderRequirements(mapping));
  }
  const gated = failuresAtOrAbove(evaluation, options.failOn);
  if (options.failOn !== undefined && gated.length > 0) {
    process.stderr.write(`kubevidence: ${gated.length} unwaived failing finding(s) at severity ${options.failOn} or above (--fail-on ${options.failOn})\n`);
    process.exitCode = EXIT_CODES.complianceGate;
  }
}

/**
 * Loads checks and waivers (before a slow collection, so a bad file fails first), reads the snapshot and evaluates
 * it as of its collection time, or `now` for input that carries none.
 */
export async function runEvaluation(options: EvaluateOptions, now: Date): Promise<Evaluation> {
  return (await runEvaluationAndMapping(options, now)).evaluation;
}

async function runEvaluationAndMapping(options: EvaluateOptions, now: Date): Promise<{ evaluation: Evaluation; mapping?: Mapping }> {
  const inputs = loadAssessmentInputs({
    ...(options.checksPath === undefined ? {} : { checksPath: options.checksPath }),
    ...(options.waiversFile === undefined ? {} : { waiversFile: options.waiversFile }),
    ...(options.frameworks === undefined ? {} : { frameworks: options.frameworks }),
    ...(options.controlsDirs === undefined ? {} : { controlsDirs: options.controlsDirs }),
  });
  const snapshot = await acquireSnapshot(options.source);
  const asOf = snapshot.collectedAt === null ? now : new Date(snapshot.collectedAt);
  const evaluation = evaluateSnapshot(snapshot, inputs, asOf);
  if (options.frameworks === undefined || options.frameworks.length === 0) return { evaluation };
  return { evaluation, mapping: mapOnto(evaluation, inputs, asOf) };
}

function mapOnto(evaluation: Evaluation, inputs: AssessmentInputs, asOf: Date): Mapping {
  // No attestations: those live in the store.
  return mapEvaluation(evaluation, inputs.catalogues, [], asOf);
}

/** One table per framework: requirement, status, basis and the one-line summary, then the score. */
export function renderRequirements(mapping: Mapping): string {
  return mapping.scores
    .map((score) => {
      const rows = mapping.results.filter((result) => result.framework === score.framework).map((result) => [result.requirement, result.status, result.basis, result.summary]);
      const counts = Object.entries(score.counts).filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`).join(', ');
      return `\n${score.framework}: score ${score.score === null ? 'n/a' : `${score.score}%`} (${counts})\n${formatTable(['REQUIREMENT', 'STATUS', 'BASIS', 'SUMMARY'], rows)}`;
    })
    .join('');
}

/**
 * The findings as a bounded table: worst status first, then most severe, each group in the evaluation's order; at most
 * `maxRows` rows (then a line saying how many more and how to see them), and the summary of all findings at the end.
 */
export function renderTable(evaluation: Evaluation, options: TableOptions = {}): string {
  const severityOf = severitiesOf(evaluation.checks);
  const wanted = new Set<FindingStatus>(options.statuses ?? SUMMARY_ORDER);
  const selected = evaluation.findings.filter((finding) => wanted.has(finding.status));
  const rank = (finding: Finding): number => SUMMARY_ORDER.indexOf(finding.status) * 10 - severityRank(severityOf.get(finding.check) ?? 'info');
  const ordered = selected.map((finding, index) => ({ finding, index, rank: rank(finding) })).sort((a, b) => a.rank - b.rank || a.index - b.index);
  const maxRows = options.maxRows ?? 0;
  const shown = maxRows > 0 ? ordered.slice(0, maxRows) : ordered;
  const rows = shown.map(({ finding }) => [finding.status, severityOf.get(finding.check) ?? '', finding.check, describeRef(finding.resource), finding.message]);
  const notes = [
    ...(options.statuses === undefined ? [] : [`${selected.length} of ${evaluation.findings.length} findings have status ${options.statuses.join(' or ')}`]),
    ...(shown.length < ordered.length ? [`${ordered.length - shown.length} more rows; use --max-rows 0 to list them all, or --format json`] : []),
  ];
  const table = rows.length === 0 ? 'no findings to show\n' : formatTable(['STATUS', 'SEVERITY', 'CHECK', 'RESOURCE', 'MESSAGE'], rows);
  return `${table}${notes.map((note) => `${note}\n`).join('')}\n${summaryLines(evaluation).join('\n')}\n`;
}

function severitiesOf(checks: readonly CheckMetadata[]): ReadonlyMap<string, Severity> {
  return new Map(checks.map((check) => [check.id, check.severity]));
}

function summaryLines(evaluation: Evaluation): string[] {
  const counts = SUMMARY_ORDER.map((status) => `${evaluation.findings.filter((finding) => finding.status === status).length} ${status}`);
  const lines = [`${evaluation.findings.length} findings from ${evaluation.checks.length} checks: ${counts.join(', ')}`];
  const { gaps } = evaluation.snapshot;
  if (gaps.length > 0) lines.push(`${gaps.length} gap(s) in collection: ${[...new Set(gaps.map((gap) => `${gap.kind} (${gap.reason})`))].join(', ')}`);
  for (const waiver of evaluation.waivers.expired) {
    lines.push(`expired waiver ${waiver.id} for ${waiver.check} (expired ${waiver.expires}, approver ${waiver.approver}): no longer applied`);
  }
  return lines;
}
