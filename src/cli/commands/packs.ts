import type { Command } from 'commander';
import { listPacks, type PackIndexEntry } from '../../report/index.js';
import { formatTable, printJson } from '../output.js';
import { outputFormatOf, withFormatOption, type FormatFlags } from '../shared/store-flags.js';

interface PacksFlags extends FormatFlags {
  readonly out: string;
  readonly cluster?: string;
  readonly run?: string;
}

export function register(program: Command): void {
  withFormatOption(program.command('packs'))
    .description('List the audit packs under a reports folder: run, generation time, folder, signed or not.')
    .option('--out <dir>', 'the reports folder packs were written under', 'reports')
    .option('--cluster <name>', 'only packs of this cluster')
    .option('--run <id>', 'only packs of this run')
    .addHelpText('after', '\nA pack is never overwritten: a second pack of the same run is <date>-run-<id>.2, then .3, ...\nExamples:\n  kubevidence packs\n  kubevidence packs --out /srv/audit --run 3 --format json')
    .action((flags: PacksFlags) => showPacks(flags));
}

function showPacks(flags: PacksFlags): void {
  const format = outputFormatOf(flags);
  const packs = listPacks(flags.out).filter((pack) => (flags.cluster === undefined || pack.cluster === flags.cluster) && (flags.run === undefined || String(pack.runId) === flags.run));
  if (format === 'json') printJson(packs);
  else process.stdout.write(packs.length === 0 ? `no packs under ${flags.out}\n` : formatPacksTable(packs));
}

function formatPacksTable(packs: readonly PackIndexEntry[]): string {
  return formatTable(
    ['CLUSTER', 'RUN', 'GENERATED (UTC)', 'SIGNED', 'FOLDER'],
    packs.map((pack) => [pack.cluster, String(pack.runId), pack.generatedAt, pack.signed ? `yes (${pack.signer ?? ''})` : 'no', pack.folder]),
  );
}
