import type { Command } from 'commander';
import { usageError, verificationError } from '../../errors.js';
import { isPostgresTarget, openStore } from '../../store/index.js';
import { copyStore, openPostgresStore, type CopyOutcome } from '../../store/postgres/index.js';
import { printJson } from '../output.js';
import { outputFormatOf, withFormatOption, type FormatFlags } from './store-flags.js';

interface CopyFlags extends FormatFlags {
  readonly from: string;
  readonly to: string;
}

/** `kubevidence db copy --from kubevidence.db --to postgres://…`: moving to a central store keeps history. */
export function registerDbCopy(db: Command): void {
  withFormatOption(db.command('copy'))
    .description('Copy every run and attestation into a PostgreSQL store, then verify the chain there (identical run hashes).')
    .requiredOption('--from <db>', 'source store: a SQLite file or a postgres:// URL')
    .requiredOption('--to <url>', 'target PostgreSQL store, postgres://USER@HOST:PORT/DATABASE (password from PGPASSWORD or KUBEVIDENCE_DB_PASSWORD_FILE)')
    .action((flags: CopyFlags) => copyDatabase(flags));
}

function copyDatabase(flags: CopyFlags): void {
  const format = outputFormatOf(flags);
  if (!isPostgresTarget(flags.to)) throw usageError(`--to must be a postgres:// URL (got ${flags.to}); a SQLite file is copied with cp`);
  if (flags.from === flags.to) throw usageError('--from and --to name the same store');
  const source = openStore(flags.from, { readonly: true });
  let outcome: CopyOutcome;
  try {
    const target = openPostgresStore(flags.to);
    try {
      outcome = copyStore(source, target, (done, total) => {
        if (format === 'table' && process.stderr.isTTY) process.stderr.write(`\rcopied ${done} of ${total} runs`);
      });
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
  if (format === 'json') printJson({ from: source.path, to: flags.to, ...outcome });
  else {
    process.stdout.write(
      `copied ${outcome.runsCopied} run(s) of ${outcome.clusters} cluster(s) (${outcome.runsPresent} already there) and ${outcome.attestationsCopied} attestation(s)\n` +
        `chain verified: ${outcome.verification.ok ? 'ok' : 'BROKEN'} (${outcome.verification.runsChecked} runs checked; every run kept its hash)\n`,
    );
  }
  if (!outcome.verification.ok) {
    const broken = outcome.verification.firstBroken;
    throw verificationError('verify.chain-broken', `the copied chain does not verify at run ${broken?.runId ?? '?'}: ${broken?.reason ?? 'unknown'}`);
  }
}
