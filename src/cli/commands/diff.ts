import type { Command } from 'commander';
import type { Finding } from '../../domain/finding.js';
import type { RunDiff } from '../../domain/history.js';
import type { JsonValue } from '../../domain/json.js';
import { describeRef } from '../../domain/snapshot.js';
import { usageError } from '../../errors.js';
import type { EvidenceStore } from '../../store/index.js';
import { formatTable, printJson } from '../output.js';
import { chosenCluster, outputFormatOf, withDbOption, withFormatOption, withStore, type DbFlags, type FormatFlags } from '../shared/store-flags.js';
import { formatScores } from '../shared/scores.js';

interface DiffFlags extends DbFlags, FormatFlags {
  readonly from?: string;
  readonly to?: string;
  readonly cluster?: string;
}

export function register(program: Command): void {
  withFormatOption(withDbOption(program.command('diff')))
    .description('What changed between two runs: requirement statuses, findings, resources and their fields.')
    .argument('[runA]', 'earlier run id (default: the run before the latest)')
    .argument('[runB]', 'later run id (default: the latest run of the same cluster)')
    .option('--from <date>', 'compare the run current at this date (the last collected by the end of that day)...')
    .option('--to <date>', '...with the run current at this date (default: the latest run)')
    .option('--cluster <uid|name>', 'cluster (needed without run ids when the database holds several)')
    .action((runA: string | undefined, runB: string | undefined, flags: DiffFlags) => showDiff(runA, runB, flags));
}

function showDiff(runA: string | undefined, runB: string | undefined, flags: DiffFlags): void {
  const format = outputFormatOf(flags);
  const diff = withStore(flags, 'read', (store) => {
    const [from, to] = runsToCompare(store, runA, runB, flags);
    return store.diffRuns(from, to);
  });
  if (format === 'json') printJson(diff);
  else process.stdout.write(formatDiff(diff));
}

/** Run ids as given; else the runs current at --from/--to; else the last two runs of the cluster. */
function runsToCompare(store: EvidenceStore, runA: string | undefined, runB: string | undefined, flags: DiffFlags): [number, number] {
  if (runA !== undefined && (flags.from !== undefined || flags.to !== undefined)) throw usageError('give run ids or --from/--to, not both');
  if (runA !== undefined) {
    const from = runIdOf(runA);
    return [from, runB === undefined ? latestRunOf(store, store.getRunSummary(from).clusterUid) : runIdOf(runB)];
  }
  const cluster = chosenCluster(store, flags.cluster);
  if (flags.from !== undefined) return [runCurrentAt(store, cluster.uid, flags.from), flags.to === undefined ? latestRunOf(store, cluster.uid) : runCurrentAt(store, cluster.uid, flags.to)];
  if (flags.to !== undefined) throw usageError('--to needs --from');
  const runs = store.listRuns({ clusterUid: cluster.uid });
  const [previous, latest] = runs.slice(-2);
  if (previous === undefined || latest === undefined) throw usageError(`only ${runs.length} run of ${cluster.name} is stored; a diff needs two`);
  return [previous.id, latest.id];
}

function runIdOf(text: string): number {
  if (!/^\d+$/.test(text)) throw usageError(`a run id is a number (got '${text}'); list them with 'kubevidence runs'`);
  return Number(text);
}

function latestRunOf(store: EvidenceStore, clusterUid: string): number {
  const latest = store.latestRun(clusterUid);
  if (latest === null) throw usageError(`no run of cluster ${clusterUid} in ${store.path}`);
  return latest.id;
}

function runCurrentAt(store: EvidenceStore, clusterUid: string, date: string): number {
  const runs = store.listRuns({ clusterUid, until: date });
  const current = runs[runs.length - 1];
  if (current === undefined) throw usageError(`no run of this cluster was collected by ${date}`);
  return current.id;
}

function formatDiff(diff: RunDiff): string {
  const { from, to } = diff;
  return [
    `run ${from.id} (${from.collectedAt}) -> run ${to.id} (${to.collectedAt}), cluster ${to.clusterName}\n`,
    `scores: ${formatScores(from.scores)}  ->  ${formatScores(to.scores)}\n`,
    section('Requirements whose status changed', diff.requirements.length, () =>
      formatTable(['FRAMEWORK', 'REQUIREMENT', 'BEFORE', 'AFTER'], diff.requirements.map((change) => [change.framework, change.requirement, change.before ?? '-', change.after ?? '-'])),
    ),
    section('Newly failing findings', diff.findings.newlyFailing.length, () => findingsTable(diff.findings.newlyFailing)),
    section('Fixed findings', diff.findings.fixed.length, () => findingsTable(diff.findings.fixed)),
    section('Resources added', diff.resources.added.length, () => diff.resources.added.map((ref) => `  ${describeRef(ref)}\n`).join('')),
    section('Resources removed', diff.resources.removed.length, () => diff.resources.removed.map((ref) => `  ${describeRef(ref)}\n`).join('')),
    section('Resources changed', diff.resources.changed.length, () =>
      diff.resources.changed
        .map(({ resource, changes }) => `  ${describeRef(resource)}\n${changes.map((change) => `    ${change.path}: ${show(change.before)} -> ${show(change.after)}\n`).join('')}`)
        .join(''),
    ),
  ].join('\n');
}

function section(title: string, count: number, body: () => string): string {
  return count === 0 ? `${title}: none\n` : `${title} (${count})\n${body()}`;
}

function findingsTable(findings: readonly Finding[]): string {
  return formatTable(['CHECK', 'RESOURCE', 'STATUS', 'MESSAGE'], findings.map((finding) => [finding.check, describeRef(finding.resource), finding.status, finding.message]));
}

/** A value on one line, cut short: the JSON output has it in full. */
function show(value: JsonValue): string {
  const text = value === null ? '(absent)' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
