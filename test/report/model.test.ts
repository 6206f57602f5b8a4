import { describe, expect, it } from 'vitest';
import type { RequirementResult } from '../../src/domain/catalogue.js';
import type { CheckMetadata } from '../../src/domain/check.js';
import type { Finding } from '../../src/domain/finding.js';
import { KvError } from '../../src/errors.js';
import { buildPackModel, safeDirName } from '../../src/report/model/model.js';
import { rankRemediation, threatOf } from '../../src/report/model/remediation.js';
import { buildSignalIndex } from '../../src/report/model/signals.js';
import { parsePeriod } from '../../src/report/load/period.js';
import { CLUSTER_NAME, reportCatalogues, reportPackInput, reportRun } from '../support/report-fixtures.js';

describe('buildPackModel', () => {
  const input = reportPackInput();
  const model = buildPackModel(input);

  it('is deterministic: the same input gives the same model, byte for byte as JSON', () => {
    expect(JSON.stringify(buildPackModel(reportPackInput()))).toBe(JSON.stringify(model));
  });

  it('puts the cover fields, provenance and pack location together from the run', () => {
    expect(model.cover).toMatchObject({ clusterName: CLUSTER_NAME, runId: 42, period: { label: '2026-Q3' }, comparedTo: { runId: 41 }, signer: { name: 'Compliance Team' } });
    expect(model.provenance.runHash).toBe(input.run.hash);
    expect(model.location).toEqual({ clusterDir: 'prod-zahlungsdienst-ü-支付-платёж', runDir: '2026-09-28-run-42' });
  });

  it('counts every finding of the run once, by status', () => {
    const byStatus = Object.values(model.totals.byStatus).reduce((sum, count) => sum + count, 0);
    expect(model.totals.findings).toBe(input.run.findings.length);
    expect(byStatus).toBe(input.run.findings.length);
  });

  it('has one section per requirement of each reported framework, with its catalogue title and checks', () => {
    for (const catalogue of reportCatalogues()) {
      const framework = model.frameworks.find((candidate) => candidate.id === catalogue.id);
      expect(framework?.requirements.map((section) => section.id)).toEqual(catalogue.requirements.map((requirement) => requirement.id));
      for (const [index, section] of (framework?.requirements ?? []).entries()) {
        expect(section.title).toBe(catalogue.requirements[index]?.title);
        expect(section.checks.map((check) => check.id)).toEqual(catalogue.requirements[index]?.checks);
      }
    }
  });

  it('lists failing, unknown and waived resources with path = observed evidence, fail first', () => {
    const section = model.frameworks[0]?.requirements.find((candidate) => candidate.id === '2.2.1');
    expect(section?.status).toBe('fail');
    expect(section?.findings.map((row) => row.status)).toEqual([...(section?.findings ?? [])].map((row) => row.status).sort((a, b) => ['fail', 'unknown', 'waived'].indexOf(a) - ['fail', 'unknown', 'waived'].indexOf(b)));
    const privileged = section?.findings.find((row) => row.subject === 'Deployment/payments/zahlungsdienst-ü' && row.check === 'pss.baseline.privileged-containers');
    expect(privileged?.evidence).toContain('spec.template.spec.containers[0].securityContext.privileged = true (expected false or unset)');
    const waived = section?.findings.find((row) => row.status === 'waived');
    expect(waived?.waiver).toMatchObject({ approver: 'Jürgen Risk <risk@example.com>', expires: '2027-03-31' });
  });

  it('shows attestations, their attachments and what manual evidence is still outstanding', () => {
    const pci = model.frameworks.find((framework) => framework.id === 'pci-dss-4.0');
    const attested = pci?.requirements.find((section) => section.id === '10.2.1');
    expect(attested?.statusLabel).toBe('pass (attested)');
    expect(attested?.outstandingManualEvidence).toEqual([]);
    expect(attested?.attestations[0]?.files[0]?.path).toMatch(/^attachments\/[0-9a-f]{12}-Prüfbericht-审计-policy\.yaml$/);
    const manual = pci?.requirements.find((section) => section.id === '12.10.1');
    expect(manual?.status).toBe('manual');
    expect(manual?.outstandingManualEvidence).toEqual(['Incident response plan']);
    expect(model.attachments).toHaveLength(1);
  });

  it('reports "passed in N of M runs" when history is given, and the changes since the compared run', () => {
    const section = model.frameworks[0]?.requirements[0];
    expect(section?.history).toMatchObject({ runs: 4 });
    const pci = model.frameworks.find((framework) => framework.id === 'pci-dss-4.0');
    expect(pci?.changes?.comparedTo.runId).toBe(41);
    const expected = (input.diff?.requirements ?? []).filter((change) => change.framework === 'pci-dss-4.0' && change.after === 'fail' && change.before !== 'fail').map((change) => change.requirement);
    expect(expected.length).toBeGreaterThan(0);
    expect(pci?.changes?.newlyFailing.map((change) => change.id)).toEqual(expected);
    expect(pci?.trend.map((point) => point.runId)).toEqual([39, 40, 41, 42]);
  });

  it('calls a requirement fixed only when it now passes; fail → unknown merely "no longer failing"', () => {
    const diff = input.diff;
    if (diff === undefined) throw new Error('fixture has a diff');
    const [first, second] = model.frameworks.find((framework) => framework.id === 'pci-dss-4.0')?.requirements ?? [];
    if (first === undefined || second === undefined) throw new Error('fixture has two PCI requirements');
    const requirements = [
      { framework: 'pci-dss-4.0', requirement: first.id, before: 'fail' as const, after: 'pass' as const },
      { framework: 'pci-dss-4.0', requirement: second.id, before: 'fail' as const, after: 'unknown' as const },
    ];
    const changed = buildPackModel({ ...input, diff: { ...diff, requirements } });
    const fixed = changed.frameworks.find((framework) => framework.id === 'pci-dss-4.0')?.changes?.fixed;
    expect(fixed?.map((change) => [change.id, change.label])).toEqual([
      [first.id, 'Fixed'],
      [second.id, 'No longer failing'],
    ]);
  });

  it('summarises long finding lists: at most the limit per requirement, the rest counted', () => {
    const small = buildPackModel({ ...input, limits: { findingsPerRequirement: 2 } });
    const section = small.frameworks[0]?.requirements.find((candidate) => candidate.findingsTotal > 2);
    expect(section?.findings).toHaveLength(2);
    expect(section?.findingsOmitted).toBe((section?.findingsTotal ?? 0) - 2);
  });

  it('reports only the frameworks asked for, in that order, and refuses one the run does not have', () => {
    const one = buildPackModel({ ...input, frameworks: ['nist-800-53-r5', 'hipaa-security-rule'] });
    expect(one.frameworks.map((framework) => framework.id)).toEqual(['nist-800-53-r5', 'hipaa-security-rule']);
    expect(one.source.results.every((result) => result.framework !== 'pci-dss-4.0')).toBe(true);
    expect(() => buildPackModel({ ...input, frameworks: ['iso-27001'] })).toThrow(KvError);
  });

  it('says so when the catalogue text differs from what the run applied, or is missing', () => {
    const [pci, ...rest] = reportCatalogues();
    const edited = { ...pci!, version: '4.0.1', sha256: 'f'.repeat(64) };
    const notes = buildPackModel({ ...input, catalogues: [edited, ...rest.slice(1)] }).methodology.catalogueNotes;
    expect(notes.some((note) => note.includes('pci-dss-4.0') && note.includes('4.0.1'))).toBe(true);
    expect(notes.some((note) => note.includes('hipaa-security-rule') && note.includes('not available'))).toBe(true);
  });

  it('includes the remediation formula and the status/score rules in the methodology', () => {
    const headings = model.methodology.sections.map((section) => section.heading);
    expect(headings).toEqual(expect.arrayContaining(['Requirement status', 'Score', 'Prioritised remediation', 'Attack surface']));
    expect(model.remediation.formula).toContain('priority = severity weight × (1 + exposure) × (1 + blast radius)');
  });

  it('keeps non-Latin-1 names in folder names', () => {
    expect(safeDirName('zahlungsdienst-ü / 支付 : платёж')).toBe('zahlungsdienst-ü-支付-платёж');
    expect(safeDirName('../..')).toBe('cluster');
  });
});

describe('remediation ranking', () => {
  const check = (id: string, severity: CheckMetadata['severity']): CheckMetadata => ({ id, title: id, severity, rationale: '', remediation: `fix ${id}`, reads: [], references: {}, origin: 'built-in' });
  const checks = new Map([check('pss.baseline.privileged-containers', 'critical'), check('network.nodeport-services', 'medium'), check('rbac.cluster-admin-bindings', 'critical'), check('workload.resource-limits', 'low')].map((entry) => [entry.id, entry]));
  const deployment = (namespace: string, name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });
  const findings: Finding[] = [
    { check: 'pss.baseline.privileged-containers', resource: deployment('shop', 'web'), status: 'fail', message: '', evidence: [{ path: 'spec.template.spec.containers[0].securityContext.privileged', observed: true }] },
    { check: 'pss.baseline.privileged-containers', resource: deployment('batch', 'job'), status: 'fail', message: '', evidence: [{ path: 'spec.template.spec.containers[0].securityContext.privileged', observed: true }] },
    { check: 'network.nodeport-services', resource: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' }, status: 'fail', message: '', evidence: [{ path: 'spec.type', observed: 'NodePort' }], related: [deployment('shop', 'web')] },
    { check: 'rbac.cluster-admin-bindings', resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'ci' }, status: 'fail', message: '', evidence: [] },
    { check: 'workload.resource-limits', resource: deployment('batch', 'job'), status: 'fail', message: '', evidence: [] },
    { check: 'workload.resource-limits', resource: deployment('shop', 'web'), status: 'waived', message: '', evidence: [] },
  ];
  const result = (requirement: string, ids: readonly string[], counts: Partial<RequirementResult['counts']> = {}): RequirementResult => ({
    framework: 'fw',
    requirement,
    status: 'fail',
    checks: ids,
    basis: 'automated',
    counts: { pass: 0, fail: 1, unknown: 0, waived: 0, 'not-applicable': 0, ...counts },
    worstSeverity: 'critical',
    attestations: [],
    fullyEvidenced: false,
    summary: '',
  });
  const results = [result('R1', ['rbac.cluster-admin-bindings']), result('R2', ['pss.baseline.privileged-containers']), result('R3', ['network.nodeport-services'], { unknown: 1 })];
  const items = rankRemediation({ findings, findingIds: new Map(findings.map((finding, index) => [finding, `F-${index}`])), checks, results, signals: buildSignalIndex(findings) });
  const item = (checkId: string, group: string) => items.find((candidate) => candidate.check === checkId && candidate.group === group);

  it('makes one fix per check and resource group, for unwaived failures only', () => {
    expect(items.map((candidate) => `${candidate.check} ${candidate.group}`).sort()).toEqual([
      'network.nodeport-services shop',
      'pss.baseline.privileged-containers batch',
      'pss.baseline.privileged-containers shop',
      'rbac.cluster-admin-bindings cluster-scoped',
      'workload.resource-limits batch',
    ]);
  });

  it('applies the documented formula: severity × (1 + exposure) × (1 + blast radius) + 5 × requirements closed', () => {
    // The shop workload is the backend of a NodePort Service (exposure 2) and privileged (blast radius 1).
    expect(item('pss.baseline.privileged-containers', 'shop')).toMatchObject({ priority: 8 * 3 * 2, exposure: { level: 2, kinds: ['backend'] }, blastRadius: ['privileged'], requirementsToPass: [] });
    // Same check in a namespace with no entry point: exposure 0.
    expect(item('pss.baseline.privileged-containers', 'batch')).toMatchObject({ priority: 8 * 1 * 2, exposure: { level: 0 } });
    // The only failure behind R1, which has nothing unknown or waived: fixing it closes R1.
    expect(item('rbac.cluster-admin-bindings', 'cluster-scoped')).toMatchObject({ priority: 8 * 1 * 2 + 5, blastRadius: ['cluster-wide-rbac'], requirementsToPass: ['fw R1'] });
    // R3 also has an unknown finding, so fixing the Service does not make it pass.
    expect(item('network.nodeport-services', 'shop')).toMatchObject({ priority: 2 * 3 * 1, requirementsToPass: [], requirementsHelped: 1 });
    expect(items.map((candidate) => candidate.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(items[0]?.check).toBe('pss.baseline.privileged-containers');
  });

  it('groups fixes by threat model', () => {
    expect(item('rbac.cluster-admin-bindings', 'cluster-scoped')?.threat).toBe('compromised-credentials');
    expect(item('pss.baseline.privileged-containers', 'shop')?.threat).toBe('external-attacker');
    expect(item('pss.baseline.privileged-containers', 'batch')?.threat).toBe('compromised-container');
    expect(threatOf('network.namespace-default-deny-ingress', 0)).toBe('external-attacker');
    expect(threatOf('secrets.env-secret-refs', 2)).toBe('compromised-credentials');
  });

  it('is the same list in the model, where each threat group shows its top fixes', () => {
    const model = buildPackModel({ ...reportPackInput(), run: reportRun(), limits: { remediationPerThreat: 1 } });
    for (const group of model.remediation.groups) {
      const all = model.remediation.items.filter((candidate) => candidate.threat === group.threat);
      expect(group.items).toEqual(all.slice(0, 1));
      expect(group.omitted).toBe(Math.max(0, all.length - 1));
    }
  });
});

describe('parsePeriod', () => {
  it('reads years, halves, quarters and months as UTC [from, to)', () => {
    expect(parsePeriod('2026-Q3')).toEqual({ label: '2026-Q3', from: '2026-07-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' });
    expect(parsePeriod('2026-Q4').to).toBe('2027-01-01T00:00:00.000Z');
    expect(parsePeriod('2026-H1')).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' });
    expect(parsePeriod('2026-09')).toMatchObject({ from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' });
    expect(parsePeriod('2026')).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(() => parsePeriod('Q3 2026')).toThrow(/^the period option must be a year/);
  });
});
