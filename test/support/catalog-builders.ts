import type { Attestation } from '../../src/domain/attestation.js';
import type { Catalogue, Requirement } from '../../src/domain/catalogue.js';
import type { CheckMetadata } from '../../src/domain/check.js';
import type { Finding } from '../../src/domain/finding.js';
import type { FindingStatus, Severity } from '../../src/domain/status.js';

/** Small synthetic catalogues, checks and findings: status rules are tested apart from real content. */
export function makeRequirement(id: string, checks: readonly string[], overrides: Partial<Requirement> = {}): Requirement {
  return {
    id,
    title: `Requirement ${id}`,
    checks,
    manualEvidence: checks.length === 0 ? ['a signed policy'] : [],
    coverage: checks.length === 0 ? 'none' : 'full',
    source: { type: 'inferred', ref: 'test' },
    ...overrides,
  };
}

export function makeCatalogue(id: string, requirements: readonly Requirement[]): Catalogue {
  return { id, name: id, version: '1', publisher: 'tests', sourceUrl: 'https://example.com/', licence: 'test', requirements, file: `${id}.yaml`, sha256: '0'.repeat(64) };
}

export function makeCheck(id: string, severity: Severity = 'high'): CheckMetadata {
  return { id, title: `Check ${id}`, severity, rationale: 'r', remediation: 'r', reads: ['Pod'], references: {}, origin: 'built-in' };
}

let counter = 0;
export function makeFinding(check: string, status: FindingStatus, name = `pod-${(counter += 1)}`): Finding {
  const finding: Finding = { check, resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'app', name }, status, message: `${check} ${status}`, evidence: [] };
  return status === 'waived'
    ? { ...finding, waiver: { id: 'waivers.yaml:3', justification: 'legacy app', approver: 'CISO', expires: '2030-01-01' } }
    : finding;
}

export function makeAttestation(framework: string, requirement: string, overrides: Partial<Attestation> = {}): Attestation {
  return {
    id: `att-${requirement}`,
    framework,
    requirement,
    by: 'Ada Auditor <ada@example.com>',
    note: 'Policy reviewed',
    createdAt: '2025-01-10T09:00:00Z',
    expiresAt: '2025-12-31',
    files: [],
    ...overrides,
  };
}
