import { createHash } from 'node:crypto';
import type { Catalogue } from '../domain/catalogue.js';
import type { AppliedCatalogue } from '../domain/run.js';

/**
 * SHA-256 over the applied catalogues, sorted by id: one line `<id> <sha256 of the file bytes>` each.
 * A run records it so that anyone can tell exactly which catalogue versions produced its results:
 * editing one byte of one file, adding or removing a catalogue all change it; load order does not.
 */
export function catalogueDigest(catalogues: readonly Pick<Catalogue, 'id' | 'sha256'>[]): string {
  const lines = [...catalogues]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((catalogue) => `${catalogue.id} ${catalogue.sha256}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** What a run records about each catalogue it applied. */
export function appliedCatalogues(catalogues: readonly Catalogue[]): AppliedCatalogue[] {
  return catalogues.map(({ id, name, version, sha256 }) => ({ id, name, version, sha256 }));
}
