import { describe, expect, it } from 'vitest';
import { loadCatalogues, methodologyText, selectCatalogues } from '../../src/catalog/index.js';
import { formatFrameworksTable, summariseCatalogue } from '../../src/cli/commands/frameworks.js';
import { formatRequirementView, viewRequirement } from '../../src/cli/commands/controls.js';
import { findRequirement } from '../../src/cli/shared/find-requirement.js';
import { KvError } from '../../src/errors.js';
import { makeCheck } from '../support/catalog-builders.js';

const catalogues = loadCatalogues();

describe('kubevidence frameworks', () => {
  it('summarises each catalogue with automated and manual requirement counts', () => {
    const summary = summariseCatalogue(catalogues.find(({ id }) => id === 'pod-security-standards') ?? catalogues[0]!);
    expect(summary).toMatchObject({ id: 'pod-security-standards', requirements: 18 });
    expect(summary.automated + summary.manual).toBe(18);
  });

  it('prints a table with one line per catalogue', () => {
    const table = formatFrameworksTable(catalogues.map(summariseCatalogue));
    expect(table.split('\n')[0]).toMatch(/^FRAMEWORK\s+NAME\s+VERSION\s+REQUIREMENTS\s+AUTOMATED\s+MANUAL$/);
    expect(table).toMatch(/^pci-dss-4\.0\s+Payment Card Industry Data Security Standard\s+4\.0\s+\d+\s+\d+\s+\d+$/m);
    expect(table.trimEnd().split('\n')).toHaveLength(2 + catalogues.length);
  });
});

describe('kubevidence controls show', () => {
  it('shows a requirement with its checks (titles when known) and manual evidence', () => {
    const { catalogue, requirement } = findRequirement(catalogues, 'pci-dss-4.0', '7.2.1');
    const text = formatRequirementView(viewRequirement(catalogue, requirement, [makeCheck('apiserver.authorization-mode-rbac', 'high')]));
    expect(text).toContain('pci-dss-4.0 7.2.1: ');
    expect(text).toMatch(/^ {2}apiserver\.authorization-mode-rbac +Check apiserver\.authorization-mode-rbac \[high\]$/m);
    expect(text).toMatch(/^ {2}apiserver\.authorization-mode-node +\(not a built-in check\)$/m);
    expect(text).toContain('Manual evidence an auditor will ask for:\n  - ');
  });

  it('finds section-titled requirements case-insensitively', () => {
    expect(findRequirement(catalogues, 'nsa-cisa-hardening-1.2', 'kubernetes pod security').requirement.id).toBe('Kubernetes Pod security');
  });

  it('names the known frameworks when the framework is unknown (usage error)', () => {
    try {
      findRequirement(catalogues, 'pci', '7.2.1');
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(KvError);
      expect((error as KvError).toLine()).toBe("unknown framework 'pci'");
      expect((error as KvError).hint).toContain('pci-dss-4.0');
      expect((error as KvError).exitCode).toBe(2);
    }
  });

  it('rejects an unknown requirement', () => {
    expect(() => findRequirement(catalogues, 'pci-dss-4.0', '99.9')).toThrow("framework 'pci-dss-4.0' has no requirement '99.9'");
  });
});

describe('methodology text', () => {
  it('states every requirement status and the score formula', () => {
    const text = methodologyText();
    for (const status of ['fail:', 'unknown:', 'partial:', 'not-applicable:', 'pass:', 'manual:']) expect(text).toContain(status);
    expect(text).toContain('Framework score = ');
  });
});

describe('selecting catalogues for --framework', () => {
  it('keeps the order given and rejects unknown ids with the list of known ones', () => {
    expect(selectCatalogues(catalogues, ['soc2-tsc-2017', 'pci-dss-4.0']).map(({ id }) => id)).toEqual(['soc2-tsc-2017', 'pci-dss-4.0']);
    expect(selectCatalogues(catalogues, [])).toHaveLength(catalogues.length);
    expect(() => selectCatalogues(catalogues, ['pci-dss-4.0', 'iso'])).toThrow("unknown framework 'iso'");
  });
});
