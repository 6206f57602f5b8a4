import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/errors.js';
import { CLUSTER_MANIFESTS, clusterFixtureNodeConfigs, clusterFixtureObjects, FIXTURE_SECRET_VALUES } from '../support/cluster-fixture.js';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api-server.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Each run starts the whole CLI through tsx; generous, because the machines may be busy. */
const CLI_TIMEOUT_MS = 180_000;
const work = mkdtempSync(join(tmpdir(), 'kv-collect-cli-'));
let server: KubeApiServer;

beforeAll(async () => {
  mkdirSync(join(work, 'home'));
  mkdirSync(join(work, 'empty'));
  server = await startKubeApiServer({ objects: clusterFixtureObjects(), nodeConfigs: clusterFixtureNodeConfigs() });
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** The real CLI in a child process (asynchronously: the test API server lives in this process). */
function kubevidence(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/kubevidence.js', ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: join(work, 'home'), KUBEVIDENCE_FROM_SOURCE: process.env['KUBEVIDENCE_FROM_SOURCE'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectOneLineError(run: Run, code: number, pattern: RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

describe('kubevidence collect (child process)', () => {
  it('collects from a cluster into --out, with a one-line summary on stderr and nothing on stdout', async () => {
    const out = join(work, 'snapshot.json');
    const run = await kubevidence('collect', '--kubeconfig', server.kubeconfigPath(), '--cluster-name', 'ci', '--out', out);
    expect(run.code).toBe(EXIT_CODES.ok);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`collected 54 objects of 34 kinds from ci, 2 node configs, no gaps -> ${out}\n`);
    const text = readFileSync(out, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: 1, cluster: { name: 'ci', uid: '8a3c1f2e-6b7d-4e59-9c0a-4d2b1e7f3a55' } });
    for (const value of FIXTURE_SECRET_VALUES) expect(text).not.toContain(value);
    expect(readdirSync(work).filter((name) => name.includes('.tmp'))).toEqual([]);
  }, CLI_TIMEOUT_MS);

  it('prints the snapshot of --from-file input to stdout', async () => {
    const run = await kubevidence('collect', '--from-file', CLUSTER_MANIFESTS, '--collected-at', '2026-01-01');
    expect(run.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(run.stdout)).toMatchObject({ collectedAt: '2026-01-01T00:00:00.000Z', cluster: { name: 'manifests', uid: null } });
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, CLI_TIMEOUT_MS);

  it('exits 3 with one line for a bad kubeconfig context or a bad document, and 4 for a TLS failure', async () => {
    const badDocument = join(work, 'mixed.yaml');
    writeFileSync(badDocument, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nmetadata:\n  name: b\n');
    const [unknownContext, wrongCa, mixed] = await Promise.all([
      kubevidence('collect', '--kubeconfig', server.kubeconfigPath(), '--context', 'staging'),
      kubevidence('collect', '--kubeconfig', server.kubeconfigPath('kv-test-wrong-ca')),
      kubevidence('collect', '--from-file', badDocument),
    ]);
    expectOneLineError(unknownContext, EXIT_CODES.badInput, /context "staging" not found in kubeconfig/);
    expectOneLineError(wrongCa, EXIT_CODES.cluster, /^kubevidence: cannot verify the TLS certificate of https:\/\/127\.0\.0\.1:\d+/);
    expectOneLineError(mixed, EXIT_CODES.badInput, /mixed\.yaml:6: document 2: missing 'kind'$/m);
  }, CLI_TIMEOUT_MS);
});
