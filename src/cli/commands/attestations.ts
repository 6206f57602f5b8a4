import type { Command } from 'commander';
import { isAttestationValid } from '../../catalog/derive-results.js';
import type { Attestation } from '../../domain/attestation.js';
import { formatTable, printJson } from '../output.js';
import { outputFormatOf, withDbOption, withFormatOption, withStore, type DbFlags, type FormatFlags } from '../shared/store-flags.js';

interface AttestationsFlags extends DbFlags, FormatFlags {
  readonly framework?: string;
}

/** An attestation as listed: with whether it still counts today. */
export interface ListedAttestation extends Attestation {
  readonly status: 'valid' | 'expired';
}

export function register(program: Command): void {
  withFormatOption(withDbOption(program.command('attestations')))
    .description('List recorded attestations (manual evidence) with their expiry.')
    .option('--framework <id>', 'only attestations for this framework')
    .action((flags: AttestationsFlags) => listAttestations(flags, new Date()));
}

function listAttestations(flags: AttestationsFlags, now: Date): void {
  const format = outputFormatOf(flags);
  const query = flags.framework === undefined ? {} : { framework: flags.framework };
  const listed = withStore(flags, 'read', (store) => store.listAttestations(query)).map((attestation) => withStatus(attestation, now));
  if (format === 'json') printJson(listed);
  else process.stdout.write(listed.length === 0 ? 'no attestations recorded\n' : formatAttestations(listed));
}

export function withStatus(attestation: Attestation, now: Date): ListedAttestation {
  return { ...attestation, status: isAttestationValid(attestation, now) ? 'valid' : 'expired' };
}

function formatAttestations(attestations: readonly ListedAttestation[]): string {
  return formatTable(
    ['ID', 'FRAMEWORK', 'REQUIREMENT', 'BY', 'CREATED', 'EXPIRES', 'STATUS', 'FILES'],
    attestations.map((a) => [a.id, a.framework, a.requirement, a.by, a.createdAt.slice(0, 10), a.expiresAt ?? 'never', a.status, a.files.map((file) => file.name).join(', ')]),
  );
}
