import { selectCatalogues } from '../../catalog/index.js';
import type { Catalogue, Requirement } from '../../domain/catalogue.js';
import { usageError } from '../../errors.js';

/** Finds a requirement by exact id, then case-insensitively (NSA/CISA and PSS ids are section titles). */
export function findRequirement(catalogues: readonly Catalogue[], framework: string, requirement: string): { catalogue: Catalogue; requirement: Requirement } {
  const [catalogue] = selectCatalogues(catalogues, [framework]);
  if (catalogue === undefined) throw usageError('no catalogue loaded');
  const wanted = requirement.toLowerCase();
  const match =
    catalogue.requirements.find((candidate) => candidate.id === requirement) ??
    catalogue.requirements.find((candidate) => candidate.id.toLowerCase() === wanted);
  if (match === undefined) {
    throw usageError(`framework '${framework}' has no requirement '${requirement}'`, `run 'kubevidence frameworks' to list catalogues, or see ${catalogue.file}`);
  }
  return { catalogue, requirement: match };
}
