import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { generateSelfSignedP12, KEY_PASSWORD_ENV, readKeyPassword, signerFromP12 } from '../../sign/index.js';

interface KeygenFlags {
  readonly out: string;
  readonly subject: string;
  readonly days: string;
  readonly keyPasswordFile?: string;
  readonly force?: boolean;
}

export function register(program: Command): void {
  program
    .command('keygen')
    .description('Create a self-signed signing certificate and key as PKCS#12, for trying out signed packs.')
    .requiredOption('--out <file>', 'where to write the PKCS#12 file (mode 0600)')
    .requiredOption('--subject <dn>', 'certificate subject, e.g. "CN=Compliance, O=Example"')
    .option('--days <n>', 'validity in days', '730')
    .option('--key-password-file <file>', `file holding the password (default: $${KEY_PASSWORD_ENV})`)
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', `\nThe password is never taken from the command line. Example:\n  ${KEY_PASSWORD_ENV}=... kubevidence keygen --out signer.p12 --subject "CN=Compliance, O=Example"`)
    .action((flags: KeygenFlags) => {
      const days = Number(flags.days);
      if (!Number.isInteger(days) || days < 1) throw usageError(`--days must be a positive whole number (got '${flags.days}')`);
      if (existsSync(flags.out) && flags.force !== true) throw usageError(`${flags.out} exists; pass --force to overwrite it`);
      const password = readKeyPassword({ passwordFile: flags.keyPasswordFile });
      const p12 = generateSelfSignedP12({ subject: flags.subject, password, days });
      const temp = `${flags.out}.tmp-${process.pid}`;
      writeFileSync(temp, p12, { mode: 0o600 });
      renameSync(temp, flags.out);
      const signer = signerFromP12(p12, password, flags.out);
      process.stdout.write(`wrote ${flags.out}: ${signer.subject}, SHA-256 fingerprint ${signer.fingerprint}\n`);
    });
}
