import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_INVALID, loadCatalogueFile, loadCatalogues } from '../../src/catalog/index.js';
import { EXIT_CODES, KvError } from '../../src/errors.js';

/** Fixture paths as the user would type them, relative to the working directory, so messages are predictable. */
const FIXTURES = relative(process.cwd(), join(import.meta.dirname, 'fixtures'));
const fixture = (name: string): string => join(FIXTURES, name);
const KNOWN = ['pss.baseline.privileged-containers'];

function errorOf(load: () => unknown): KvError {
  try {
    load();
  } catch (error) {
    if (error instanceof KvError) return error;
    throw error;
  }
  throw new Error('expected a KvError');
}

describe('loading catalogues', () => {
  it('loads the built-in catalogues with relative file names and SHA-256 of their bytes', () => {
    const catalogues = loadCatalogues();
    expect(catalogues.map(({ id }) => id)).toEqual([
      'cis-kubernetes-1.10',
      'hipaa-security-rule',
      'nist-800-190',
      'nist-800-53-r5',
      'nsa-cisa-hardening-1.2',
      'pci-dss-4.0.1',
      'pod-security-standards',
      'soc2-tsc-2017',
    ]);
    const pci = catalogues.find(({ id }) => id === 'pci-dss-4.0.1');
    expect(pci?.file).toBe('controls/frameworks/pci-dss-4.0.1.yaml');
    expect(pci?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps requirement ids as strings, never numbers (CIS "2.1" is not 2.1)', () => {
    const cis = loadCatalogues().find(({ id }) => id === 'cis-kubernetes-1.10');
    expect(cis?.requirements.find(({ id }) => id === '2.1')?.title).toMatch(/etcd/);
  });

  it('adds catalogues from --controls folders after the built-in ones, validated the same way', () => {
    const catalogues = loadCatalogues({ dirs: [fixture('user')] });
    expect(catalogues.at(-1)?.id).toBe('acme-platform-policy');
    expect(catalogues.at(-1)?.file).toBe(join(FIXTURES, 'user', 'internal-policy.yaml'));
    expect(catalogues.at(-1)?.requirements[1]).toEqual({
      id: 'PLT-2',
      title: 'Quarterly access review of cluster administrators',
      checks: [],
      manualEvidence: ['Signed access review record'],
      coverage: 'none',
      source: { type: 'framework-text', ref: 'ACME platform policy PLT-2' },
    });
  });

  it('can load only user folders', () => {
    expect(loadCatalogues({ builtIn: false, dirs: [fixture('user')] }).map(({ id }) => id)).toEqual(['acme-platform-policy']);
  });

  const badFiles: readonly (readonly [string, string])[] = [
    ['bad.missing-field.yaml', 'bad.missing-field.yaml:14 requirements[1].title: required field is missing'],
    ['bad.duplicate-requirement-id.yaml', "bad.duplicate-requirement-id.yaml:20 requirements[2].id: duplicate requirement id '1.2.5' (also requirements[0])"],
    ['bad.unknown-check.yaml', "bad.unknown-check.yaml:12 requirements[0].checks[1]: unknown check 'rbac.wildcard-verb'"],
    ['bad.yaml-syntax.yaml', 'bad.yaml-syntax.yaml:7: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['bad.coverage-without-checks.yaml', "bad.coverage-without-checks.yaml:12 requirements[0].coverage: must be 'none' when checks is empty"],
    ['bad.inferred-full.yaml', "bad.inferred-full.yaml:12 requirements[0].coverage: an 'inferred' mapping cannot claim 'full' coverage; use 'partial' and list the manual evidence"],
    [
      'bad.unknown-source-type.yaml',
      'bad.unknown-source-type.yaml:14 requirements[0].source.type: must be one of check-reference, public-mapping, framework-text, inferred',
    ],
  ];

  it.each(badFiles)('%s is a one-line file:line field: message error (exit code 3)', (name, line) => {
    const error = errorOf(() => loadCatalogueFile(fixture(name), KNOWN));
    expect(error.toLine()).toBe(`${FIXTURES}/${line}`);
    expect(error.code).toBe(CATALOGUE_INVALID);
    expect(error.exitCode).toBe(EXIT_CODES.badInput);
  });

  it('checks check ids only when the known checks are given', () => {
    expect(loadCatalogueFile(fixture('bad.unknown-check.yaml')).requirements[0]?.checks).toEqual(['pss.baseline.privileged-containers', 'rbac.wildcard-verb']);
  });

  it('rejects a framework id that a second file defines again', () => {
    expect(errorOf(() => loadCatalogues({ dirs: [fixture('dup-framework')] })).toLine()).toBe(
      `${FIXTURES}/dup-framework/pci-again.yaml:2 id: duplicate framework id 'pci-dss-4.0.1' (also defined in controls/frameworks/pci-dss-4.0.1.yaml)`,
    );
  });

  it('rejects a --controls folder that is missing or holds no catalogue', () => {
    expect(errorOf(() => loadCatalogues({ dirs: [fixture('nope')] })).toLine()).toBe(`${FIXTURES}/nope: cannot read catalogue folder: ENOENT`);
    expect(errorOf(() => loadCatalogues({ dirs: [fixture('empty-dir')] })).toLine()).toBe(`${FIXTURES}/empty-dir: no catalogue files (*.yaml, *.yml) in this folder`);
  });
});
