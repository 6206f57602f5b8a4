import type { Command } from 'commander';
import type { Attestation } from '../../domain/attestation.js';
import { usageError } from '../../errors.js';
import type { NewAttestation } from '../../store/index.js';
import { withDbOption, withStore, type DbFlags } from './db.js';

interface AttestFlags extends DbFlags {
  readonly framework: string;
  readonly requirement: string;
  readonly by: string;
  readonly note: string;
  readonly file: readonly string[];
  readonly expires?: string;
}

export function register(program: Command): void {
  withDbOption(program.command('attest'))
    .description('Record manual evidence for a requirement: who vouches for it, a note, attached files and an expiry.')
    .requiredOption('--framework <id>', 'framework id, e.g. pci-dss-4.0')
    .requiredOption('--requirement <id>', 'requirement id as the framework numbers it, e.g. 12.1.1')
    .requiredOption('--by <"Name <mail>">', 'who attests')
    .requiredOption('--note <text>', 'what is attested')
    .option('--file <path>', 'attach a file (repeatable); stored hashed in the database', collect, [])
    .option('--expires <YYYY-MM-DD>', 'last day the attestation counts (UTC)')
    .action((flags: AttestFlags) => attest(flags, new Date()));
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

function attest(flags: AttestFlags, now: Date): void {
  const attestation = withStore(flags, 'write', (store) => store.addAttestation(newAttestationOf(flags, now)));
  process.stdout.write(`${describeAttestation(attestation)}\n`);
}

export function newAttestationOf(flags: AttestFlags, now: Date): NewAttestation {
  if (!/^[^<>]*\S[^<>]* <[^<>\s]+@[^<>\s]+>$/.test(flags.by)) throw usageError(`--by must read "Name <mail>" (got '${flags.by}')`);
  if (flags.note.trim() === '') throw usageError('--note must say what is attested');
  return {
    framework: flags.framework,
    requirement: flags.requirement,
    by: flags.by,
    note: flags.note,
    expiresAt: flags.expires === undefined ? null : calendarDateOf('--expires', flags.expires),
    files: flags.file,
    createdAt: now.toISOString(),
  };
}

/** A real calendar day: `2027-02-30` is refused rather than rolled over into March. */
function calendarDateOf(flag: string, value: string): string {
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!valid) throw usageError(`${flag} must be a date YYYY-MM-DD (got '${value}')`);
  return value;
}

function describeAttestation(attestation: Attestation): string {
  const files = attestation.files.length === 1 ? '1 file' : `${attestation.files.length} files`;
  const expiry = attestation.expiresAt === null ? 'no expiry' : `expires ${attestation.expiresAt}`;
  return `attestation ${attestation.id} stored: ${attestation.framework} ${attestation.requirement} by ${attestation.by}, ${files}, ${expiry}`;
}
