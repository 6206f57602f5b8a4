import type { Command } from 'commander';
import type { Attestation } from '../../domain/attestation.js';
import type { Catalogue } from '../../domain/catalogue.js';
import { loadCatalogues } from '../../catalog/index.js';
import { usageError } from '../../errors.js';
import type { NewAttestation } from '../../store/index.js';
import { findRequirement } from '../shared/find-requirement.js';
import { withDbOption, withStore, type DbFlags } from '../shared/store-flags.js';
import { collectFolder } from '../shared/collect-folder.js';

interface AttestFlags extends DbFlags {
  readonly framework: string;
  readonly requirement: string;
  readonly by: string;
  readonly note: string;
  readonly file: readonly string[];
  readonly expires?: string;
  readonly controls: readonly string[];
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
    .option('--controls <dir>', 'also load catalogue files (*.yaml) from this folder, for their requirements; repeatable', collectFolder, [])
    .addHelpText('after', '\nExample:\n  kubevidence attest --framework pci-dss-4.0 --requirement 7.2.4 --by "Dana <dana@acme.example>" \\\n    --note "H1 access review" --file review.pdf --expires 2026-12-31')
    .action((flags: AttestFlags) => attest(flags, new Date()));
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

function attest(flags: AttestFlags, now: Date): void {
  const attestation = withStore(flags, 'write', (store) => store.addAttestation(newAttestationOf(flags, now, loadCatalogues({ dirs: flags.controls }))));
  process.stdout.write(`${describeAttestation(attestation)}\n`);
}

/**
 * The attestation to store. The framework and requirement must be in a loaded catalogue: an attestation filed
 * under a mistyped id would never count, while the auditor is told the evidence was given.
 */
function newAttestationOf(flags: AttestFlags, now: Date, catalogues: readonly Catalogue[]): NewAttestation {
  if (!/^[^<>]*\S[^<>]* <[^<>\s]+@[^<>\s]+>$/.test(flags.by)) throw usageError(`--by must read "Name <mail>" (got '${flags.by}')`);
  if (flags.note.trim() === '') throw usageError('--note must say what is attested');
  const expiresAt = flags.expires === undefined ? null : calendarDateOf('--expires', flags.expires);
  const { catalogue, requirement } = findRequirement(catalogues, flags.framework, flags.requirement);
  return {
    framework: catalogue.id,
    requirement: requirement.id,
    by: flags.by,
    note: flags.note,
    expiresAt,
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
