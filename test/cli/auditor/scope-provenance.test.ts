import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { RequirementResult } from '../../../src/domain/catalogue.js';
import type { Finding } from '../../../src/domain/finding.js';
import { EXIT_CODES } from '../../../src/errors.js';
import { loadAssessmentInputs, runPipeline } from '../../../src/pipeline.js';
import { scopeNamespaceOf } from '../../../src/catalog/scope.js';
import { openStore } from '../../../src/store/index.js';
import { cli } from '../../support/cli.js';
import { tempDir } from '../../support/store-runs.js';

const DEMO = new URL('../../../demo/snapshots/', import.meta.url).pathname;
const Q3 = join(DEMO, '2026-09-30.snapshot.json');
const IN_SCOPE = new Set(['shop', 'payments']);

let dir: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  dir = tempDir();
  db = dir.file('kv.db');
});
afterEach(() => dir.remove());

function packFile(root: string, name: string): string {
  const walk = (folder: string): string[] => readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)]));
  const found = walk(root).filter((file) => file.endsWith(`/${name}`));
  if (found.length !== 1) throw new Error(`expected one ${name} under ${root}, found ${found.length}`);
  return found[0] as string;
}

/** Counts per status of a requirement's findings, computed here from the stored findings, in scope only. */
function countsOf(result: RequirementResult, findings: readonly Finding[], inScope: (finding: Finding) => boolean): Record<string, number> {
  const counts: Record<string, number> = { pass: 0, fail: 0, unknown: 0, waived: 0, 'not-applicable': 0 };
  for (const finding of findings) if (result.checks.includes(finding.check) && inScope(finding)) counts[finding.status] = (counts[finding.status] ?? 0) + 1;
  return counts;
}

describe('a scoped PCI DSS run, end to end', () => {
  it('judges only the cardholder-data namespaces for PCI, counts and lists the rest as out of scope, and records it all', async () => {
    const run = await cli('run', '--from-file', Q3, '--db', db, '--framework', 'pci-dss-4.0', '--include-namespaces', 'shop,payments', '--format', 'json');
    expect(run.code).toBe(0);
    const opened = openStore(db, { readonly: true });
    let outNamespaces: string[];
    try {
      const stored = opened.getRun(1);
      const scope = stored.scope;
      if (scope === undefined) throw new Error('the run recorded no scope');
      expect(scope.global.everything).toBe(false);
      expect(scope.global.namespacesIn).toEqual(['payments']);
      outNamespaces = [...scope.global.namespacesOut];
      expect(outNamespaces).toEqual(['boutique', 'default', 'ingress-nginx', 'kube-system', 'monitoring']);
      const pci = scope.frameworks.find((decision) => decision.appliesTo === 'pci-dss-4.0.1');
      const outOfScopeFindings = stored.findings.filter((finding) => { const ns = scopeNamespaceOf(finding.resource); return ns !== undefined && !IN_SCOPE.has(ns); });
      expect(outOfScopeFindings.length).toBeGreaterThan(0);
      expect(pci?.findingsOut).toBe(outOfScopeFindings.length);
      expect(pci?.objectsOutByKind['Deployment.apps']).toBe(14);
      expect(pci?.objectsOut).toContain('Deployment/boutique/frontend');
      expect(pci?.objectsOut).not.toContain('Deployment/payments/payment-gateway');
      // Every finding is still stored; results count only in-scope ones.
      for (const result of stored.results.filter((candidate) => candidate.basis === 'automated')) {
        expect(result.counts, `${result.requirement}`).toEqual(countsOf(result, stored.findings, (finding) => !outOfScopeFindings.includes(finding)));
      }
      expect(stored.population?.nodes).toBe(3);
      expect(stored.population?.namespacesOut).toEqual(outNamespaces);
    } finally {
      opened.close();
    }
    const report = await cli('report', '--db', db, '--run', '1', '--out', dir.file('reports'));
    expect(report.code).toBe(0);
    const json = JSON.parse(readFileSync(packFile(dir.file('reports'), 'findings.json'), 'utf8')) as { auditor: { scopeLine: string; scope: { global: { namespacesOut: string[] } }; population: { objectsByKind: Record<string, number> } } };
    expect(json.auditor.scopeLine).toBe('1 of 6 namespaces in scope; out: boutique, default, ingress-nginx, kube-system, monitoring');
    expect(json.auditor.scope.global.namespacesOut).toEqual(outNamespaces);
    expect(json.auditor.population.objectsByKind['Deployment.apps']).toBe(15);
  });

  it('a per-framework scope in kubevidence.yaml narrows PCI only; other frameworks judge every namespace', async () => {
    const config = dir.file('kubevidence.yaml');
    writeFileSync(
      config,
      `clusters:\n  - name: acme\n    fromFile: ${Q3}\nframeworks: [pci-dss-4.0, soc2-tsc-2017]\nscope:\n  excludeNamespaces: [kube-system]\n  frameworks:\n    pci-dss-4.0:\n      namespaceSelector: "compliance/scope=cde"\n`,
    );
    const loaded = loadConfig(config, () => null);
    expect(loaded.scope?.frameworks?.['pci-dss-4.0']?.namespaceSelector).toBe('compliance/scope=cde');
    const inputs = loadAssessmentInputs({ frameworks: loaded.frameworks, ...(loaded.scope === undefined ? {} : { scope: loaded.scope }) });
    const store = openStore(db);
    try {
      const { assessment } = await runPipeline({ source: { type: 'file', path: Q3 }, inputs, store });
      const [pci, soc2] = assessment.scope?.frameworks ?? [];
      expect(pci?.namespacesIn).toEqual(['payments']);
      // default, kube-system and monitoring carry no labels at all: the selector decides them (out), it is not undecided.
      expect(pci?.namespacesUndecided).toEqual([]);
      expect(soc2?.namespacesOut).toEqual(['kube-system']);
      expect(assessment.scope?.global.namespacesOut).toEqual(['kube-system']);
      expect((pci?.findingsOut ?? 0) > (soc2?.findingsOut ?? 0)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('refuses a bad selector or a scope for a framework that is not applied, with one line and no run stored', async () => {
    const bad = await cli('run', '--from-file', Q3, '--db', db, '--namespace-selector', 'env in (a', '--format', 'json');
    expect(bad).toMatchObject({ code: EXIT_CODES.usage, stderr: "kubevidence: scope.namespaceSelector: unbalanced parentheses in 'env in (a'\n" });
    expect(() => loadAssessmentInputs({ frameworks: ['pci-dss-4.0'], scope: { frameworks: { hipaa: { includeNamespaces: ['a'] } } } })).toThrow(/scope.frameworks.hipaa: no such framework/);
    const opened = openStore(db);
    try {
      expect(opened.listRuns()).toEqual([]);
    } finally {
      opened.close();
    }
  });
});

describe('provenance', () => {
  it('a run from files records each input file (relative path, SHA-256) and who dated it, and the pack prints no live-collection statement', async () => {
    const input = dir.file('cluster');
    execFileSync('mkdir', ['-p', join(input, 'apps')]);
    writeFileSync(join(input, 'apps', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    writeFileSync(join(input, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n');
    expect((await cli('run', '--from-file', input, '--collected-at', '2026-09-30T02:00:00Z', '--db', db, '--framework', 'pci-dss-4.0', '--format', 'json')).code).toBe(0);
    const opened = openStore(db, { readonly: true });
    try {
      const provenance = opened.getRun(1).provenance;
      expect(provenance).toMatchObject({ type: 'files', input: 'cluster', collectedAtSource: 'user' });
      const sha = execFileSync('sha256sum', [join(input, 'pod.yaml')], { encoding: 'utf8' }).split(' ')[0];
      expect(provenance?.type === 'files' ? provenance.files : []).toEqual([
        { path: 'cluster/apps/ns.yaml', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: 54 },
        { path: 'cluster/pod.yaml', sha256: sha, size: readFileSync(join(input, 'pod.yaml')).length },
      ]);
      expect(JSON.stringify(provenance)).not.toContain(dir.path);
    } finally {
      opened.close();
    }
    expect((await cli('report', '--db', db, '--run', '1', '--out', dir.file('reports'))).code).toBe(0);
    const pdfText = execFileSync('pdftotext', ['-layout', packFile(dir.file('reports'), 'report.pdf'), '-'], { encoding: 'utf8' });
    const html = readFileSync(packFile(dir.file('reports'), 'report.html'), 'utf8');
    const htmlText = html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ');
    for (const text of [pdfText, htmlText]) {
      expect(text).not.toMatch(/Read-only: get, list and watch/);
      expect(text).not.toMatch(/every kind the checks read was collected/);
      expect(text.replace(/\s+/g, ' ')).toContain('Files: cluster (2 files, SHA-256 of each recorded); collection time given by the user (--collected-at)');
    }
    const oscal = readFileSync(packFile(dir.file('reports'), 'assessment-results.json'), 'utf8');
    expect(oscal).not.toContain('read-only Kubernetes evidence collection');
    const json = JSON.parse(readFileSync(packFile(dir.file('reports'), 'findings.json'), 'utf8')) as { auditor: { liveCollection: boolean; collectedAtSource: string; evidenceProvenance: { type: string } } };
    expect(json.auditor).toMatchObject({ liveCollection: false, collectedAtSource: 'user', evidenceProvenance: { type: 'files' } });
  });

  it('a snapshot file is files provenance dated by the input, even when it was once collected live', async () => {
    expect((await cli('run', '--from-file', Q3, '--db', db, '--framework', 'pci-dss-4.0', '--format', 'json')).code).toBe(0);
    const opened = openStore(db, { readonly: true });
    try {
      expect(opened.getRun(1).provenance).toMatchObject({ type: 'files', input: '2026-09-30.snapshot.json', collectedAtSource: 'input-file' });
    } finally {
      opened.close();
    }
  });
});
