import type { Command } from 'commander';
import type { RunSummary } from '../../domain/run.js';
import type { EvidenceStore, RunQuery } from '../../store/index.js';
import { formatTable, printJson } from '../output.js';
import { formatScores } from '../shared/scores.js';
import { chosenCluster, outputFormatOf, withDbOption, withFormatOption, withStore, type DbFlags, type FormatFlags } from '../shared/store-flags.js';

interface RunsFlags extends DbFlags, FormatFlags {
  readonly cluster?: string;
  readonly since?: string;
  readonly until?: string;
}

export function register(program: Command): void {
  withFormatOption(withDbOption(program.command('runs')))
    .description('List stored runs, oldest first, with per-framework scores.')
    .option('--cluster <uid|name>', 'only runs of this cluster')
    .option('--since <date>', 'only runs collected on or after this date (YYYY-MM-DD or ISO date-time)')
    .option('--until <date>', 'only runs collected on or before this date')
    .action((flags: RunsFlags) => listRuns(flags));
}

function listRuns(flags: RunsFlags): void {
  const format = outputFormatOf(flags);
  const runs = withStore(flags, 'read', (store) => store.listRuns(runQueryOf(store, flags)));
  if (format === 'json') printJson(runs);
  else process.stdout.write(runs.length === 0 ? 'no runs stored\n' : formatRunsTable(runs));
}

/** A --cluster flag narrows to that cluster (by UID or name); without it every cluster is listed. */
function runQueryOf(store: EvidenceStore, flags: { readonly cluster?: string; readonly since?: string; readonly until?: string }): RunQuery {
  return {
    ...(flags.cluster === undefined ? {} : { clusterUid: chosenCluster(store, flags.cluster).uid }),
    ...(flags.since === undefined ? {} : { since: flags.since }),
    ...(flags.until === undefined ? {} : { until: flags.until }),
  };
}

function formatRunsTable(runs: readonly RunSummary[]): string {
  return formatTable(
    ['RUN', 'COLLECTED (UTC)', 'CLUSTER', 'TOOL', 'SCORES'],
    runs.map((run) => [String(run.id), run.collectedAt, run.clusterName, run.toolVersion, formatScores(run.scores)]),
  );
}
