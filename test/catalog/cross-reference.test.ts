import { describe, expect, it } from 'vitest';
import { loadCatalogues } from '../../src/catalog/index.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { Catalogue } from '../../src/domain/catalogue.js';

/**
 * Catalogues and checks must agree: every check a catalogue names exists, every check is mapped somewhere, and the
 * technical catalogues (CIS, NSA/CISA, PSS) are exactly what the checks' own references say.
 */
const catalogues = loadCatalogues();
const checkIds = new Set(BUILT_IN_CHECKS.map(({ id }) => id));

function catalogue(id: string): Catalogue {
  const found = catalogues.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`missing catalogue ${id}`);
  return found;
}

/** `{ requirement id: sorted check ids }`, for whole-catalogue comparisons with readable diffs. */
function checksByRequirement(cat: Catalogue): Record<string, string[]> {
  return Object.fromEntries(cat.requirements.map(({ id, checks }) => [id, [...checks].sort()]));
}

function sortedIds(checks: readonly { id: string }[]): string[] {
  return checks.map(({ id }) => id).sort();
}

describe('catalogues ↔ checks', () => {
  it('every check a catalogue names exists', () => {
    const missing = catalogues.flatMap((cat) =>
      cat.requirements.flatMap((requirement) => requirement.checks.filter((check) => !checkIds.has(check)).map((check) => `${cat.id} ${requirement.id}: ${check}`)),
    );
    expect(missing).toEqual([]);
  });

  it('every built-in check is mapped by at least one framework', () => {
    const mapped = new Set(catalogues.flatMap((cat) => cat.requirements.flatMap(({ checks }) => checks)));
    expect(BUILT_IN_CHECKS.map(({ id }) => id).filter((id) => !mapped.has(id))).toEqual([]);
  });

  it.each([
    ['pci-dss-4.0.1', 25],
    ['nist-800-53-r5', 25],
    ['cis-kubernetes-1.10', 25],
    ['hipaa-security-rule', 12],
    ['soc2-tsc-2017', 12],
  ] as const)('%s has at least %i requirements', (id, minimum) => {
    expect(catalogue(id).requirements.length).toBeGreaterThanOrEqual(minimum);
  });

  it('regulatory catalogues cite public mappings, framework text or a rationale, never check references', () => {
    for (const id of ['pci-dss-4.0.1', 'hipaa-security-rule', 'soc2-tsc-2017', 'nist-800-53-r5', 'nist-800-190']) {
      const types = new Set(catalogue(id).requirements.map(({ source }) => source.type));
      expect(types.has('check-reference'), id).toBe(false);
    }
  });

  it('NIST SP 800-190 lists every section 4 countermeasure', () => {
    const range = (prefix: string, last: number): string[] => Array.from({ length: last }, (_, index) => `${prefix}.${index + 1}`);
    expect(catalogue('nist-800-190').requirements.map(({ id }) => id)).toEqual([
      ...range('4.1', 5),
      ...range('4.2', 3),
      ...range('4.3', 5),
      ...range('4.4', 5),
      ...range('4.5', 5),
      '4.6',
    ]);
  });
});

describe('CIS Kubernetes Benchmark catalogue', () => {
  const cis = catalogue('cis-kubernetes-1.10');

  it("each requirement's checks are exactly the checks whose references.cis name it", () => {
    const expected = Object.fromEntries(cis.requirements.map(({ id }) => [id, sortedIds(BUILT_IN_CHECKS.filter((check) => check.references.cis?.includes(id)))]));
    expect(checksByRequirement(cis)).toEqual(expected);
  });

  it('every CIS id a check references is a requirement (ids = references ∪ manual-only recommendations)', () => {
    const ids = new Set(cis.requirements.map(({ id }) => id));
    const unknown = BUILT_IN_CHECKS.flatMap((check) => (check.references.cis ?? []).filter((ref) => !ids.has(ref)).map((ref) => `${check.id}: ${ref}`));
    expect(unknown).toEqual([]);
  });

  it('mapped requirements cite the check references; the rest are manual and say why', () => {
    for (const requirement of cis.requirements) {
      expect(requirement.source.type, requirement.id).toBe(requirement.checks.length > 0 ? 'check-reference' : 'framework-text');
      if (requirement.checks.length === 0) expect(requirement.manualEvidence.length, requirement.id).toBeGreaterThan(0);
    }
  });
});

describe('Pod Security Standards catalogue', () => {
  const pss = catalogue('pod-security-standards');
  const OFFICIAL = {
    // As in the official tables of Kubernetes v1.34 (Host Probes / Lifecycle Hooks is new in v1.34).
    baseline: [
      'HostProcess',
      'Host Namespaces',
      'Privileged Containers',
      'Capabilities',
      'HostPath Volumes',
      'Host Ports',
      'Host Probes / Lifecycle Hooks',
      'AppArmor',
      'SELinux',
      '/proc Mount Type',
      'Seccomp',
      'Sysctls',
    ],
    restricted: ['Volume Types', 'Privilege Escalation', 'Running as Non-root', 'Running as Non-root user', 'Seccomp', 'Capabilities'],
  } as const;

  it('has every official control of both levels, named exactly as in the official tables', () => {
    const expected = [...OFFICIAL.baseline.map((name) => `baseline/${name}`), ...OFFICIAL.restricted.map((name) => `restricted/${name}`)];
    expect(pss.requirements.map(({ id }) => id)).toEqual(expected);
  });

  it("each control's checks are exactly the checks whose references.pss name that level and control", () => {
    const expected = Object.fromEntries(
      pss.requirements.map(({ id }) => [id, sortedIds(BUILT_IN_CHECKS.filter(({ references: { pss: ref } }) => ref !== undefined && `${ref.level}/${ref.control}` === id))]),
    );
    expect(checksByRequirement(pss)).toEqual(expected);
  });

  it('every PSS reference of a check names an official control', () => {
    const ids = new Set(pss.requirements.map(({ id }) => id));
    const unknown = BUILT_IN_CHECKS.flatMap(({ id, references: { pss: ref } }) => (ref === undefined || ids.has(`${ref.level}/${ref.control}`) ? [] : [`${id}: ${ref.level}/${ref.control}`]));
    expect(unknown).toEqual([]);
  });
});

describe('NSA/CISA Kubernetes Hardening Guidance catalogue', () => {
  const nsa = catalogue('nsa-cisa-hardening-1.2');
  const MAIN_SECTIONS = [
    'Kubernetes Pod security',
    'Network separation and hardening',
    'Authentication and authorization',
    'Audit Logging and Threat Detection',
    'Upgrading and application security practices',
  ];
  const refsOf = (check: (typeof BUILT_IN_CHECKS)[number]): readonly string[] => check.references.nsa ?? [];

  it('has the main sections of the guide', () => {
    expect(nsa.requirements.filter(({ id }) => !id.includes(': ')).map(({ id }) => id)).toEqual(MAIN_SECTIONS);
  });

  it('a main section holds the checks referencing it or one of its subsections; a subsection those naming it exactly', () => {
    const expected = Object.fromEntries(
      nsa.requirements.map(({ id }) => {
        const isMain = MAIN_SECTIONS.includes(id);
        const matches = (ref: string): boolean => ref === id || (isMain && ref.startsWith(`${id}: `));
        return [id, sortedIds(BUILT_IN_CHECKS.filter((check) => refsOf(check).some(matches)))];
      }),
    );
    expect(checksByRequirement(nsa)).toEqual(expected);
  });

  it('every NSA/CISA reference of a check is a section or subsection in the catalogue', () => {
    const ids = new Set(nsa.requirements.map(({ id }) => id));
    const unknown = BUILT_IN_CHECKS.flatMap((check) => refsOf(check).filter((ref) => !ids.has(ref)).map((ref) => `${check.id}: ${ref}`));
    expect(unknown).toEqual([]);
  });
});
