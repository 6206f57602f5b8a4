import { describe, expect, it } from 'vitest';
import { loadCatalogues } from '../../src/catalog/index.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { Catalogue, Requirement } from '../../src/domain/catalogue.js';
import type { CheckMetadata } from '../../src/domain/check.js';

/**
 * Mappings no stronger than the evidence. A requirement that claims `full` coverage says a pass of its checks is all
 * the evidence an auditor needs; that claim is only allowed where the requirement's own audit procedure is what the
 * checks implement (the technical benchmarks, whose checks reference the requirement by id). Everything else is
 * `partial`, and its pass is reported as "automated checks pass — manual evidence still required".
 */
const catalogues = loadCatalogues();
const checks = new Map(BUILT_IN_CHECKS.map((check) => [check.id, check]));
const REGULATORY = ['pci-dss-4.0.1', 'hipaa-security-rule', 'soc2-tsc-2017', 'nist-800-53-r5', 'nist-800-190'];

function catalogue(id: string): Catalogue {
  const found = catalogues.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`missing catalogue ${id}`);
  return found;
}

function requirement(framework: string, id: string): Requirement {
  const found = catalogue(framework).requirements.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`missing requirement ${framework} ${id}`);
  return found;
}

/** Whether a check's own references name this requirement (CIS id, PSS level/control). */
function checkReferences(check: CheckMetadata, framework: string, requirementId: string): boolean {
  if (framework.startsWith('cis-kubernetes')) return check.references.cis?.includes(requirementId) ?? false;
  if (framework === 'pod-security-standards') {
    const pss = check.references.pss;
    return pss !== undefined && `${pss.level}/${pss.control}` === requirementId;
  }
  return false;
}

const everyRequirement = catalogues.flatMap((cat) => cat.requirements.map((req) => ({ framework: cat.id, requirement: req })));

describe('mapping strength', () => {
  it("every 'full' claim is justified by the checks' own references to that requirement", () => {
    const unjustified = everyRequirement
      .filter(({ requirement: req }) => req.coverage === 'full')
      .filter(({ framework, requirement: req }) => req.source.type !== 'check-reference' || !req.checks.every((id) => { const check = checks.get(id); return check !== undefined && checkReferences(check, framework, req.id); }))
      .map(({ framework, requirement: req }) => `${framework} ${req.id}`);
    expect(unjustified).toEqual([]);
  });

  it("regulatory frameworks claim no 'full' coverage: cluster settings never prove their process parts", () => {
    const full = REGULATORY.flatMap((id) => catalogue(id).requirements.filter((req) => req.coverage === 'full').map((req) => `${id} ${req.id}`));
    expect(full).toEqual([]);
  });

  it('every inferred mapping records its rationale as a sentence, not a tag', () => {
    const thin = everyRequirement.filter(({ requirement: req }) => req.source.type === 'inferred' && (req.source.ref.length < 60 || !/\s/.test(req.source.ref))).map(({ framework, requirement: req }) => `${framework} ${req.id}`);
    expect(thin).toEqual([]);
  });

  it('requirements to detect, alert, monitor or review are never full and never rest on a purely preventive check', () => {
    const PREVENTIVE_ONLY = new Set(['workload.read-only-root-filesystem']);
    const wrong = everyRequirement
      .filter(({ requirement: req }) => /\b(detect|detection|alert|alerts|monitor|monitored|monitoring|review)\b/i.test(req.title))
      .filter(({ requirement: req }) => req.coverage === 'full' || req.checks.some((id) => PREVENTIVE_ONLY.has(id)))
      .map(({ framework, requirement: req }) => `${framework} ${req.id}`);
    expect(wrong).toEqual([]);
  });

  it('PCI DSS 11.5.2 (change detection with alerting) is manual: a read-only root file system detects nothing', () => {
    const req = requirement('pci-dss-4.0.1', '11.5.2');
    expect(req.checks).toEqual([]);
    expect(req.coverage).toBe('none');
    expect(req.manualEvidence.join(' ')).toMatch(/change-detection|file integrity/i);
  });

  it('HIPAA 164.308(a)(1)(ii)(D) (activity review) is partial: audit-log flags are a prerequisite, not the review', () => {
    const req = requirement('hipaa-security-rule', '164.308(a)(1)(ii)(D)');
    expect(req.coverage).toBe('partial');
    expect(req.source.ref).toMatch(/prerequisite/);
    expect(req.manualEvidence.join(' ')).toMatch(/review/i);
  });

  it('NIST SI-7 (integrity verification) does not rest on read-only root file systems', () => {
    expect(requirement('nist-800-53-r5', 'SI-7').checks).not.toContain('workload.read-only-root-filesystem');
  });
});
