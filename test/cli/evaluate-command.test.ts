import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshotInput, writeSnapshotFile } from '../../src/collect/index.js';
import { evaluateOptionsFrom, renderTable, runEvaluation } from '../../src/cli/commands/evaluate.js';
import { failuresAtOrAbove } from '../../src/cli/shared/gate.js';
import type { Evaluation } from '../../src/pipeline.js';
import { EXIT_CODES, KvError } from '../../src/errors.js';
import { readManifests } from '../support/fixture-snapshot.js';
import { startKubeApiServer } from '../support/kube-api-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = join(ROOT, 'test/fixtures/microservices-demo/kubernetes-manifests.yaml');
const EXAMPLE_CHECKS = join(ROOT, 'controls/examples/custom-checks');
const WAIVERS_2020 = join(ROOT, 'test/cli/fixtures/waivers-2020.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'kubevidence-evaluate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function externalStatus(evaluation: Evaluation): string | undefined {
  return evaluation.findings.find((finding) => finding.resource.name === 'frontend-external' && finding.check === 'custom.network.load-balancer-source-ranges')?.status;
}

describe('evaluate command, in process', () => {
  it('turns flags into options', () => {
    expect(evaluateOptionsFrom({ fromFile: 'a.yaml', format: 'json', failOn: 'high', waivers: 'w.yaml', checks: 'c' })).toEqual({
      source: { type: 'file', path: 'a.yaml' },
      format: 'json',
      waiversFile: 'w.yaml',
      checksPath: 'c',
      failOn: 'high',
    });
    expect(evaluateOptionsFrom({ context: 'prod', kubeconfig: 'k', format: 'table' }).source).toEqual({ type: 'cluster', context: 'prod', kubeconfig: 'k' });
    expect(evaluateOptionsFrom({ fromFile: 'm.yaml', collectedAt: '2026-01-01', format: 'table' }).source).toEqual({ type: 'file', path: 'm.yaml', collectedAt: '2026-01-01' });
    expect(() => evaluateOptionsFrom({ fromFile: 'a', kubeconfig: 'k', format: 'table' })).toThrow(KvError);
  });

  it('rejects unknown formats and severities with the valid values, as usage errors', () => {
    const usage = (flags: Parameters<typeof evaluateOptionsFrom>[0]): string => {
      try {
        evaluateOptionsFrom(flags);
      } catch (error) {
        if (error instanceof KvError && error.exitCode === EXIT_CODES.usage) return error.toLine();
      }
      throw new Error('expected a usage error');
    };
    expect(usage({ fromFile: 'a', format: 'xml' })).toBe("--format must be one of table, json (got 'xml')");
    expect(usage({ fromFile: 'a', format: 'table', failOn: 'info' })).toBe("--fail-on must be one of critical, high, medium, low (got 'info')");
  });

  it('judges waiver expiry at the snapshot’s collection time, so a stored snapshot always evaluates the same', async () => {
    const snapshotFile = join(scratch, 'demo-2020.snapshot.json');
    writeSnapshotFile(snapshotFile, loadSnapshotInput(DEMO, { collectedAt: '2020-06-01T00:00:00Z' }));
    const options = { format: 'json', waiversFile: WAIVERS_2020, checksPath: EXAMPLE_CHECKS } as const;
    const later = new Date('2031-01-01T00:00:00Z');
    const stored = await runEvaluation({ ...options, source: { type: 'file', path: snapshotFile } }, later);
    expect(externalStatus(stored)).toBe('waived');
    expect(stored.waivers.expired).toEqual([]);
    // Manifests carry no collection time: the waiver is judged now, and has expired.
    const manifests = await runEvaluation({ ...options, source: { type: 'file', path: DEMO } }, later);
    expect(externalStatus(manifests)).toBe('fail');
    expect(manifests.waivers.expired.map((waiver) => waiver.expires)).toEqual(['2020-12-31']);
  });

  it('gates on unwaived failures at or above the threshold only', async () => {
    const evaluation = await runEvaluation({ source: { type: 'file', path: DEMO }, format: 'table', checksPath: EXAMPLE_CHECKS }, new Date());
    const gated = (threshold: 'critical' | 'high' | 'medium' | 'low'): string[] => failuresAtOrAbove(evaluation, threshold).map((finding) => `${finding.check} ${finding.resource.name}`);
    expect(gated('medium')).toContain('custom.network.load-balancer-source-ranges frontend-external');
    expect(gated('high')).not.toContain('custom.network.load-balancer-source-ranges frontend-external');
    expect(failuresAtOrAbove(evaluation, undefined)).toEqual([]);
    const waived = { ...evaluation, findings: evaluation.findings.map((finding) => (finding.status === 'fail' ? { ...finding, status: 'waived' as const } : finding)) };
    expect(failuresAtOrAbove(waived, 'low')).toEqual([]);
  });

  it('summarises gaps under the table', async () => {
    const evaluation = await runEvaluation({ source: { type: 'file', path: DEMO }, format: 'table' }, new Date());
    const withGap = { ...evaluation, snapshot: { ...evaluation.snapshot, gaps: [{ kind: 'Secret', reason: 'forbidden' as const, detail: 'secrets is forbidden' }] } };
    expect(renderTable(withGap).trimEnd().split('\n').at(-1)).toBe('1 gap(s) in collection: Secret (forbidden)');
  });

  it('collects from a live cluster through --kubeconfig/--context, and a forbidden kind makes its checks unknown', async () => {
    const server = await startKubeApiServer({ objects: readManifests(join(ROOT, 'test/engine/fixtures/owned-pods.yaml')) });
    try {
      server.setFault('Pod', { type: 'status', status: 403 });
      const evaluation = await runEvaluation({ source: { type: 'cluster', kubeconfig: server.kubeconfigPath(), context: 'kv-test' }, format: 'table' }, new Date());
      expect(evaluation.snapshot.source).toEqual({ type: 'cluster', context: 'kv-test' });
      expect(evaluation.snapshot.gaps.map((gap) => [gap.kind, gap.reason])).toContainEqual(['Pod', 'forbidden']);
      const privileged = evaluation.findings.filter((finding) => finding.check === 'pss.baseline.privileged-containers');
      expect(privileged.find((finding) => finding.resource.name === 'web')?.status).toBe('pass');
      expect(privileged.find((finding) => finding.resource.kind === 'Cluster')).toMatchObject({ status: 'unknown', message: 'Pod was not collected (forbidden), so Pod objects could not be examined.' });
    } finally {
      await server.close();
    }
  });
});

describe('evaluate --framework', () => {
  it('adds requirement results and scores to the contract, derived from the same findings', async () => {
    const { evaluateCommand } = await import('../../src/cli/commands/evaluate.js');
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
    try {
      await evaluateCommand({ source: { type: 'file', path: new URL('../../demo/snapshots/2026-09-30.snapshot.json', import.meta.url).pathname }, format: 'json', frameworks: ['hipaa-security-rule'] });
    } finally {
      process.stdout.write = write;
      process.exitCode = undefined;
    }
    const report = JSON.parse(out) as { findings: { check: string; status: string }[]; requirements: { framework: string; requirement: string; status: string; checks: string[] }[]; scores: { framework: string; score: number | null }[] };
    expect(new Set(report.requirements.map((result) => result.framework))).toEqual(new Set(['hipaa-security-rule']));
    expect(report.scores.map((score) => score.framework)).toEqual(['hipaa-security-rule']);
    const failing = new Set(report.findings.filter((finding) => finding.status === 'fail').map((finding) => finding.check));
    for (const result of report.requirements.filter((candidate) => candidate.status === 'fail')) {
      expect(result.checks.some((check) => failing.has(check))).toBe(true);
    }
    const accessControl = report.requirements.find((result) => result.requirement === '164.312(a)(1)');
    expect(accessControl?.status).toBe('fail');
  });
});
