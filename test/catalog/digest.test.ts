import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appliedCatalogues, BUILT_IN_CATALOGUE_DIR, catalogueDigest, loadCatalogues } from '../../src/catalog/index.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A private copy of the built-in catalogues, so a test can edit one byte. */
function copyOfBuiltIns(): string {
  const folder = mkdtempSync(join(tmpdir(), 'kv-catalogues-'));
  folders.push(folder);
  cpSync(BUILT_IN_CATALOGUE_DIR, folder, { recursive: true });
  return folder;
}

describe('catalogue digest', () => {
  it('is a stable SHA-256 that does not depend on load order', () => {
    const catalogues = loadCatalogues();
    const digest = catalogueDigest(catalogues);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(catalogueDigest([...catalogues].reverse())).toBe(digest);
    expect(catalogueDigest(loadCatalogues())).toBe(digest);
  });

  it('changes when one file changes by one byte', () => {
    const folder = copyOfBuiltIns();
    const before = catalogueDigest(loadCatalogues({ builtIn: false, dirs: [folder] }));
    const file = join(folder, 'pci-dss-4.0.1.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
    expect(catalogueDigest(loadCatalogues({ builtIn: false, dirs: [folder] }))).not.toBe(before);
  });

  it('changes when a catalogue is added or left out', () => {
    const all = loadCatalogues();
    expect(catalogueDigest(all.slice(1))).not.toBe(catalogueDigest(all));
  });

  it('records id, name, version and file hash of each applied catalogue', () => {
    const [first] = appliedCatalogues(loadCatalogues());
    expect(first).toEqual({ id: 'cis-kubernetes-1.10', name: 'CIS Kubernetes Benchmark', version: '1.10.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
