import { appendFileSync, cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInCacheOf, cachedBuiltInCatalogues } from '../../src/catalog/built-in-cache.js';
import { BUILT_IN_CATALOGUE_DIR, loadCatalogues } from '../../src/catalog/load-catalogues.js';

/** The build's JSON copy of the built-in catalogues is used only while every file is byte-identical to what it holds. */
describe('the built-in catalogue cache', () => {
  let scratch = '';
  let frameworks = '';
  let cacheFile = '';
  const parsed = loadCatalogues({});

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'kubevidence-catalogue-cache-'));
    frameworks = join(scratch, 'frameworks');
    cpSync(BUILT_IN_CATALOGUE_DIR, frameworks, { recursive: true });
    cacheFile = join(scratch, 'built-in-catalogues.json');
    writeFileSync(cacheFile, JSON.stringify(builtInCacheOf(parsed)));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('gives back exactly the parsed catalogues while the files are unchanged', () => {
    expect(cachedBuiltInCatalogues(cacheFile, frameworks)).toEqual(parsed);
  });

  it('is ignored when one byte of a catalogue changed', () => {
    const first = parsed[0]?.file.split('/').at(-1) ?? '';
    appendFileSync(join(frameworks, first), '\n');
    expect(cachedBuiltInCatalogues(cacheFile, frameworks)).toBeUndefined();
  });

  it('is ignored when a catalogue was added or removed', () => {
    writeFileSync(join(frameworks, 'zz-extra.yaml'), 'id: extra\n');
    expect(cachedBuiltInCatalogues(cacheFile, frameworks)).toBeUndefined();
    unlinkSync(join(frameworks, 'zz-extra.yaml'));
    unlinkSync(join(frameworks, parsed[0]?.file.split('/').at(-1) ?? ''));
    expect(cachedBuiltInCatalogues(cacheFile, frameworks)).toBeUndefined();
  });

  it('is ignored when missing, unreadable JSON or of another format', () => {
    expect(cachedBuiltInCatalogues(join(scratch, 'absent.json'), frameworks)).toBeUndefined();
    writeFileSync(cacheFile, '{"format": "kubevidence-built-in-catalogues/1", "catalogues": [');
    expect(cachedBuiltInCatalogues(cacheFile, frameworks)).toBeUndefined();
    writeFileSync(cacheFile, JSON.stringify({ format: 'something-else', catalogues: parsed }));
    expect(cachedBuiltInCatalogues(cacheFile, frameworks)).toBeUndefined();
  });
});
