import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { exportEvidence } from '../../report/evidence-files.js';
import { withDbOption, withStore, type DbFlags } from '../shared/store-flags.js';

interface ExportFlags extends DbFlags {
  readonly run: string;
  readonly out: string;
}

export function register(program: Command): void {
  const evidence = program.command('evidence').description('The evidence objects a run rests on, as a pack carries them.');
  withDbOption(evidence.command('export'))
    .description(
      'Write the evidence objects of a run as evidence/<sha256>.json (canonical JSON, redacted as stored, each named by ' +
        'its SHA-256) and evidence-index.json (which object each file is, and the snapshot context), as a pack does.',
    )
    .requiredOption('--run <id>', 'the run whose evidence to export')
    .requiredOption('--out <dir>', 'a new (or empty) folder to write into')
    .action((flags: ExportFlags) => exportRunEvidence(flags));
}

function exportRunEvidence(flags: ExportFlags): void {
  if (!/^\d+$/.test(flags.run)) throw usageError(`--run is a run id, a number (got '${flags.run}'); list them with 'kubevidence runs'`);
  const runId = Number(flags.run);
  const exported = withStore(flags, 'read', (store) => exportEvidence(store.getRun(runId), (sha256) => store.readEvidenceObject(sha256), flags.out));
  process.stdout.write(`exported ${exported.objects} evidence objects of run ${runId} (${exported.bytes} bytes) -> ${exported.dir}\n`);
}
