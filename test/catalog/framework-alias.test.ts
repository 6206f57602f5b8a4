import { describe, expect, it } from 'vitest';
import { deriveResults, loadCatalogues, selectCatalogues } from '../../src/catalog/index.js';
import { canonicalFrameworkId, deprecationNoteFor, frameworkIdFamily, isSameFramework } from '../../src/domain/framework-id.js';
import { findRequirement } from '../../src/cli/shared/find-requirement.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { Attestation } from '../../src/domain/attestation.js';

const catalogues = loadCatalogues();

describe('PCI DSS v4.0.1 and the deprecated pci-dss-4.0 id', () => {
  it('ships PCI DSS as v4.0.1 under the id pci-dss-4.0.1', () => {
    const pci = catalogues.find(({ id }) => id.startsWith('pci-dss'));
    expect(pci?.id).toBe('pci-dss-4.0.1');
    expect(pci?.version).toBe('4.0.1');
    expect(catalogues.some(({ id }) => id === 'pci-dss-4.0')).toBe(false);
  });

  it('maps the old id to the new one and leaves every other id alone', () => {
    expect(canonicalFrameworkId('pci-dss-4.0')).toBe('pci-dss-4.0.1');
    expect(canonicalFrameworkId('pci-dss-4.0.1')).toBe('pci-dss-4.0.1');
    expect(canonicalFrameworkId('hipaa-security-rule')).toBe('hipaa-security-rule');
    expect(canonicalFrameworkId('constructor')).toBe('constructor');
    expect(isSameFramework('pci-dss-4.0', 'pci-dss-4.0.1')).toBe(true);
    expect(isSameFramework('pci-dss-4.0', 'soc2-tsc-2017')).toBe(false);
    expect(frameworkIdFamily('pci-dss-4.0')).toEqual(['pci-dss-4.0.1', 'pci-dss-4.0']);
    expect(deprecationNoteFor('pci-dss-4.0')).toContain("use 'pci-dss-4.0.1'");
    expect(deprecationNoteFor('pci-dss-4.0.1')).toBeNull();
  });

  it('--framework pci-dss-4.0 still selects the PCI DSS catalogue, once even when both ids are given', () => {
    expect(selectCatalogues(catalogues, ['pci-dss-4.0']).map(({ id }) => id)).toEqual(['pci-dss-4.0.1']);
    expect(selectCatalogues(catalogues, ['pci-dss-4.0', 'pci-dss-4.0.1']).map(({ id }) => id)).toEqual(['pci-dss-4.0.1']);
  });

  it('attest --framework pci-dss-4.0 finds the requirement in the renamed catalogue (test/cli/store-commands checks the stored id)', () => {
    expect(findRequirement(catalogues, 'pci-dss-4.0', '7.2.4').catalogue.id).toBe('pci-dss-4.0.1');
  });

  it('an attestation stored under the old id still covers the requirement of the renamed catalogue', () => {
    const pci = selectCatalogues(catalogues, ['pci-dss-4.0.1']);
    const old: Attestation = {
      id: 'att-1',
      framework: 'pci-dss-4.0',
      requirement: '7.2.4',
      by: 'Dana <dana@acme.example>',
      note: 'H1 access review',
      createdAt: '2026-06-15T09:00:00.000Z',
      expiresAt: '2026-12-31',
      files: [],
    };
    const [result] = deriveResults([], pci, [old], new Date('2026-07-01T00:00:00Z'), BUILT_IN_CHECKS).filter((r) => r.requirement === '7.2.4');
    expect(result?.status).toBe('pass');
    expect(result?.basis).toBe('attested');
    expect(result?.attestations).toEqual(['att-1']);
  });
});
