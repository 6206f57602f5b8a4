import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue } from '../domain/catalogue.js';
import { PROJECT_ROOT } from '../version.js';

/**
 * The built-in catalogues as the build validated them (`npm run build` writes dist/catalog/built-in-catalogues.json).
 * Parsing 200 KB of YAML with positions and validating it with zod costs a few hundred milliseconds, most of
 * `kubevidence frameworks`; the cache is the same Catalogue objects as JSON. It is used only when every built-in file
 * still has the SHA-256 it had at build time (and no file was added or removed), so an edited catalogue is always read
 * afresh. This module imports neither yaml nor zod: that is the point.
 */
export const BUILT_IN_CACHE_NAME = 'built-in-catalogues.json';

const BUILT_IN_DIR = join(PROJECT_ROOT, 'controls', 'frameworks');
const DEFAULT_CACHE_FILE = new URL(`./${BUILT_IN_CACHE_NAME}`, import.meta.url);

export interface BuiltInCache {
  readonly format: 'kubevidence-built-in-catalogues/1';
  readonly catalogues: readonly Catalogue[];
}

export function builtInCacheOf(catalogues: readonly Catalogue[]): BuiltInCache {
  return { format: 'kubevidence-built-in-catalogues/1', catalogues };
}

/** The cached built-in catalogues, or undefined when there is no cache or any built-in file differs from it. */
export function cachedBuiltInCatalogues(cacheFile: URL | string = DEFAULT_CACHE_FILE, builtInDir: string = BUILT_IN_DIR): Catalogue[] | undefined {
  const cache = readCache(cacheFile);
  if (cache === undefined) return undefined;
  let names: string[];
  try {
    names = readdirSync(builtInDir).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch {
    return undefined;
  }
  if (names.length !== cache.catalogues.length) return undefined;
  const fresh = names.every((name, index) => {
    const cached = cache.catalogues[index];
    return cached !== undefined && cached.file.endsWith(`/${name}`) && sha256Of(join(builtInDir, name)) === cached.sha256;
  });
  return fresh ? [...cache.catalogues] : undefined;
}

function readCache(cacheFile: URL | string): BuiltInCache | undefined {
  try {
    const parsed = JSON.parse(readFileSync(cacheFile, 'utf8')) as Partial<BuiltInCache>;
    return parsed.format === 'kubevidence-built-in-catalogues/1' && Array.isArray(parsed.catalogues) ? (parsed as BuiltInCache) : undefined;
  } catch {
    return undefined;
  }
}

function sha256Of(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}
