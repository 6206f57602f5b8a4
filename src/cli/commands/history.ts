import type { Command } from 'commander';
import type { RequirementHistory, ScorePoint } from '../../domain/history.js';
import { usageError } from '../../errors.js';
import type { ClusterSummary } from '../../store/index.js';
import { formatTable, printJson } from '../output.js';
import { chosenCluster, outputFormatOf, withDbOption, withFormatOption, withStore, type DbFlags, type FormatFlags } from '../shared/store-flags.js';
import { formatScore } from '../shared/scores.js';

interface HistoryFlags extends DbFlags, FormatFlags {
  readonly framework: string;
  readonly cluster?: string;
  readonly since?: string;
  readonly until?: string;
}

export interface FrameworkHistory {
  readonly framework: string;
  readonly cluster: ClusterSummary;
  readonly since: string | null;
  readonly until: string | null;
  readonly trend: readonly ScorePoint[];
  readonly requirements: readonly RequirementHistory[];
}

export function register(program: Command): void {
  withFormatOption(withDbOption(program.command('history')))
    .description('Score trend of a framework and, per requirement, in how many runs of the period it passed.')
    .requiredOption('--framework <id>', 'framework id, e.g. pci-dss-4.0')
    .option('--cluster <uid|name>', 'cluster (needed when the database holds several)')
    .option('--since <date>', 'period start (YYYY-MM-DD or ISO date-time)')
    .option('--until <date>', 'period end (inclusive)')
    .action((flags: HistoryFlags) => showHistory(flags));
}

function showHistory(flags: HistoryFlags): void {
  const format = outputFormatOf(flags);
  const history = withStore(flags, 'read', (store): FrameworkHistory => {
    const cluster = chosenCluster(store, flags.cluster);
    const query = { clusterUid: cluster.uid, ...(flags.since === undefined ? {} : { since: flags.since }), ...(flags.until === undefined ? {} : { until: flags.until }) };
    const trend = store.scoreTrend(flags.framework, query);
    const requirements = store.requirementHistory(flags.framework, query);
    if (trend.length === 0 && requirements.length === 0) throw unknownFramework(flags.framework, store.latestRun(cluster.uid)?.scores.map((score) => score.framework) ?? []);
    return { framework: flags.framework, cluster, since: flags.since ?? null, until: flags.until ?? null, trend, requirements };
  });
  if (format === 'json') printJson(history);
  else process.stdout.write(formatHistory(history));
}

function unknownFramework(framework: string, stored: readonly string[]): Error {
  const known = stored.length === 0 ? '' : ` (frameworks in the latest run: ${stored.join(', ')})`;
  return usageError(`no results for framework '${framework}' in this period${known}`);
}

export function formatHistory(history: FrameworkHistory): string {
  const { trend, requirements } = history;
  const period = `${trend[0]?.collectedAt ?? '?'} to ${trend[trend.length - 1]?.collectedAt ?? '?'}`;
  const heading = `${history.framework} on ${history.cluster.name} (${history.cluster.uid}): ${trend.length} runs, ${period}\n\n`;
  const trendTable = formatTable(['RUN', 'COLLECTED (UTC)', 'SCORE'], trend.map((point) => [String(point.runId), point.collectedAt, formatScore(point.score)]));
  const requirementTable = formatTable(
    ['REQUIREMENT', 'OVER THE PERIOD', 'FAILED', 'UNKNOWN', 'MEAN TIME TO REMEDIATE'],
    requirements.map((row) => [
      row.requirement,
      `passed ${row.passed} of ${row.runs} runs`,
      String(row.failed),
      String(row.unknown),
      row.meanTimeToRemediateHours === null ? '-' : `${row.meanTimeToRemediateHours} h`,
    ]),
  );
  return `${heading}${trendTable}\n${requirementTable}`;
}
