import type { Catalogue } from '../domain/catalogue.js';
import { canonicalFrameworkId } from '../domain/framework-id.js';
import { usageError } from '../errors.js';

/**
 * The catalogues named by a `--framework a,b` flag, in the order given; every id must exist.
 * An empty list selects every catalogue. A deprecated alias (`pci-dss-4.0`) selects the catalogue it was renamed to.
 */
export function selectCatalogues(catalogues: readonly Catalogue[], requested: readonly string[]): Catalogue[] {
  if (requested.length === 0) return [...catalogues];
  const ids = requested.map(canonicalFrameworkId);
  const unknown = ids.filter((id) => !catalogues.some((catalogue) => catalogue.id === id));
  if (unknown.length > 0) {
    throw usageError(`unknown framework ${unknown.map((id) => `'${id}'`).join(', ')}`, `known frameworks: ${catalogues.map(({ id }) => id).join(', ')}`);
  }
  return [...new Set(ids)].flatMap((id) => catalogues.filter((catalogue) => catalogue.id === id));
}
