import type { Command } from 'commander';
import { writeSnapshotFile } from '../../collect/index.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { acquireSnapshot } from '../../pipeline.js';
import { printJson } from '../output.js';
import { collectionProgress } from '../shared/progress.js';
import { addSourceOptions, sourceFromFlags, type SourceFlags } from '../shared/source-flags.js';

interface CollectFlags extends SourceFlags {
  readonly out?: string;
}

export function register(program: Command): void {
  addSourceOptions(program.command('collect').description('Collect evidence from a cluster (or read it from files) into a snapshot.'))
    .option('--out <file>', 'write the snapshot JSON to this file (atomically) instead of stdout')
    .addHelpText(
      'after',
      '\nSecrets are read as metadata only; ConfigMaps keep their keys, not their values. A kind that cannot be read\n' +
        'is recorded as a gap in the snapshot, and the collection carries on. Example:\n  kubevidence collect --context prod-eu --out prod-eu.snapshot.json',
    )
    .action(async (flags: CollectFlags) => {
      const snapshot = await snapshotFor(flags);
      if (flags.out === undefined) printJson(snapshot);
      else writeSnapshotFile(flags.out, snapshot);
      process.stderr.write(`${summaryLine(snapshot, flags.out)}\n`);
    });
}

/** Reads the files or collects from the cluster (with a progress bar on a terminal). */
export async function snapshotFor(flags: SourceFlags): Promise<Snapshot> {
  const source = sourceFromFlags(flags);
  const progress = source.type === 'cluster' ? collectionProgress() : undefined;
  try {
    return await acquireSnapshot(source, progress?.update);
  } finally {
    progress?.stop();
  }
}

/** `collected 1234 objects of 31 kinds from prod (2 gaps) -> snapshot.json` */
function summaryLine(snapshot: Snapshot, out: string | undefined): string {
  const gaps = snapshot.gaps.length;
  const gapText = gaps === 0 ? 'no gaps' : `${gaps} gap${gaps === 1 ? '' : 's'}: ${[...new Set(snapshot.gaps.map((gap) => `${gap.kind} (${gap.reason})`))].join(', ')}`;
  const from = snapshot.source.type === 'file' ? snapshot.source.path : snapshot.cluster.name;
  return `collected ${snapshot.resources.length} objects of ${snapshot.collectedKinds.length} kinds from ${from}, ${snapshot.nodeConfigs.length} node configs, ${gapText}${out === undefined ? '' : ` -> ${out}`}`;
}
