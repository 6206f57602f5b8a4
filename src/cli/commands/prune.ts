import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import type { PruneOutcome } from '../../store/index.js';
import { withDbOption, withStore, type DbFlags } from '../shared/store-flags.js';

interface PruneFlags extends DbFlags {
  readonly keep: string;
}

export function register(program: Command): void {
  withDbOption(program.command('prune'))
    .description(
      'Remove runs collected before the retention period and the evidence only they used. The latest run of each ' +
        'cluster is always kept, and the oldest kept run is recorded as the chain anchor so verification still holds.',
    )
    .requiredOption('--keep <days>', 'retention, as days: 400d (PCI DSS asks for a year of history)')
    .action((flags: PruneFlags) => prune(flags, new Date()));
}

function prune(flags: PruneFlags, now: Date): void {
  const keepDays = keepDaysOf(flags.keep);
  const outcome = withStore(flags, 'write', (store) => store.prune(keepDays, now));
  process.stdout.write(`${describePrune(outcome, keepDays)}\n`);
}

function keepDaysOf(value: string): number {
  const match = /^(\d+)d$/.exec(value);
  const days = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!(days >= 1)) throw usageError(`--keep must be a number of days such as 400d (got '${value}')`);
  return days;
}

function describePrune(outcome: PruneOutcome, keepDays: number): string {
  if (outcome.runsRemoved === 0) return `nothing to prune: no run is older than ${keepDays} days (the latest run of each cluster is always kept)`;
  const anchors = outcome.anchors.map((anchor) => `run ${anchor.runId} (${anchor.clusterUid})`).join(', ');
  return (
    `removed ${outcome.runsRemoved} runs, ${outcome.evidenceRemoved} evidence objects and ${outcome.findingsRemoved} findings ` +
    `no remaining run uses; chain anchored at ${anchors}`
  );
}
