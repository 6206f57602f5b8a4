import type { Command } from 'commander';
import { loadCatalogues } from '../../catalog/index.js';
import { usageError } from '../../errors.js';
import { writeReport, type ReportOutcome } from '../../pipeline.js';
import { latestRunOf, parsePeriod } from '../../report/index.js';
import { KEY_PASSWORD_ENV } from '../../sign/index.js';
import { listOption } from '../shared/source-flags.js';
import { openStore, resolveDbPath } from '../../store/index.js';
import { chosenCluster, withDbOption, type DbFlags } from '../shared/store-flags.js';
import { signerFrom } from '../shared/signer.js';

interface ReportFlags extends DbFlags {
  readonly run?: string;
  readonly latest?: boolean;
  readonly cluster?: string;
  readonly framework: string[];
  readonly compareTo?: string;
  readonly period?: string;
  readonly out: string;
  readonly controls: string[];
  readonly signKey?: string;
  readonly keyPasswordFile?: string;
  readonly archive?: boolean;
}

export function register(program: Command): void {
  withDbOption(program.command('report'))
    .description('Write an audit pack (PDF, HTML, findings JSON/CSV, OSCAL assessment results, manifest) for a stored run, optionally signed.')
    .option('--run <id>', 'the run to report on')
    .option('--latest', 'the latest run of the cluster (the default)')
    .option('--cluster <uid|name>', 'cluster (needed without --run when the database holds several)')
    .option('--framework <ids>', 'comma-separated framework ids (default: every framework the run has results for)', listOption, [])
    .option('--compare-to <run>', 'show what changed since this earlier run (default: the previous run)')
    .option('--period <period>', 'report over a period: 2026, 2026-H2, 2026-Q3 or 2026-09 (UTC); compares its first and last run')
    .option('--controls <dir>', 'extra catalogue folder, as given to evaluate (repeatable)', listOption, [])
    .option('--out <dir>', 'folder the pack is written under, as <out>/<cluster>/<date>-run-<id>/', 'reports')
    .option('--sign-key <file>', `PKCS#12 key to sign the pack with (password from $${KEY_PASSWORD_ENV} or --key-password-file)`)
    .option('--key-password-file <file>', 'file holding the signing key password')
    .option('--archive', 'also write the pack as one deterministic .tar.gz')
    .addHelpText(
      'after',
      '\nExamples:\n  kubevidence report --latest --framework pci-dss-4.0 --sign-key signer.p12\n  kubevidence report --period 2026-Q3 --out /srv/audit --archive\n' +
        'SOURCE_DATE_EPOCH pins the generation time, so the same run renders to the same bytes.',
    )
    .action(async (flags: ReportFlags) => {
      const written = await reportCommand(flags, generatedAtNow());
      const signed = written.signed ? 'signed' : 'unsigned';
      process.stdout.write(`wrote ${written.dir} (${signed}, ${written.pageCount} PDF pages): ${written.files.join(', ')}${written.archive === null ? '' : `\narchive: ${written.archive}`}\n`);
    });
}

/**
 * The clock of a report. SOURCE_DATE_EPOCH (the reproducible-builds convention) pins it, so the same run can be
 * rendered to the same bytes again.
 */
function generatedAtNow(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

/** Checks flags and inputs (catalogues, signing key) before touching the store, then writes the pack. */
async function reportCommand(flags: ReportFlags, generatedAt: Date): Promise<ReportOutcome> {
  checkFlags(flags);
  const period = flags.period === undefined ? undefined : parsePeriod(flags.period);
  const catalogues = loadCatalogues({ dirs: flags.controls });
  const signer = flags.signKey === undefined ? undefined : signerFrom(flags.signKey, flags.keyPasswordFile);
  const store = openStore(resolveDbPath(flags.db), { readonly: true });
  try {
    const runId = flags.run !== undefined ? Number(flags.run) : latestRunOf(store, chosenCluster(store, flags.cluster), period);
    return writeReport({
      store,
      runId,
      outDir: flags.out,
      catalogues,
      frameworks: flags.framework,
      generatedAt,
      archive: flags.archive === true,
      ...(flags.compareTo === undefined ? {} : { compareTo: Number(flags.compareTo) }),
      ...(period === undefined ? {} : { period }),
      ...(signer === undefined ? {} : { signer }),
    });
  } finally {
    store.close();
  }
}

function checkFlags(flags: ReportFlags): void {
  if (flags.run !== undefined && flags.latest === true) throw usageError('give --run or --latest, not both');
  if (flags.compareTo !== undefined && flags.period !== undefined) throw usageError('give --compare-to or --period, not both');
  if (flags.run !== undefined && !/^\d+$/.test(flags.run)) throw usageError(`--run is a run id, a number (got '${flags.run}'); list them with 'kubevidence runs'`);
  if (flags.compareTo !== undefined && !/^\d+$/.test(flags.compareTo)) throw usageError(`--compare-to is a run id, a number (got '${flags.compareTo}')`);
}
