import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../src/errors.js';
import { openStore } from '../../../src/store/index.js';
import { cli } from '../../support/cli.js';
import { tempDir } from '../../support/store-runs.js';

const FIXTURES = new URL('../../fixtures/diff/', import.meta.url).pathname;

let dir: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  dir = tempDir();
  db = dir.file('kv.db');
});
afterEach(() => dir.remove());

/** A one-file cluster input (the kube-apiserver mirror pod), named like the cluster so both runs are of one cluster. */
function clusterInput(fixture: string, name: string): string {
  const folder = join(dir.file(name), 'cp');
  mkdirSync(folder, { recursive: true });
  copyFileSync(join(FIXTURES, fixture), join(folder, 'kube-apiserver.yaml'));
  return folder;
}

async function store(fixture: string, at: string, ...extra: string[]): Promise<Awaited<ReturnType<typeof cli>>> {
  return cli('run', '--from-file', clusterInput(fixture, at.slice(0, 10)), '--cluster-name', 'cp', '--collected-at', at, '--db', db, '--framework', 'cis-kubernetes-1.10', '--format', 'json', ...extra);
}

describe('diff by identity on stored runs of real kube-apiserver static pods', () => {
  it('shows the three added flags as three changes of the kube-apiserver pod', async () => {
    expect((await store('kube-apiserver.kubeadm-default.yaml', '2026-07-01T00:00:00Z')).code).toBe(0);
    expect((await store('kube-apiserver.three-flags-added.yaml', '2026-08-01T00:00:00Z')).code).toBe(0);
    const result = await cli('diff', '1', '2', '--db', db, '--format', 'json');
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout) as { reordered: boolean; resources: { changed: { resource: { name: string }; changes: { path: string }[] }[] } };
    expect(diff.reordered).toBe(false);
    expect(diff.resources.changed).toHaveLength(1);
    expect(diff.resources.changed[0]?.changes.map((change) => change.path)).toEqual([
      'spec.containers[name=kube-apiserver].command[--audit-log-maxage]',
      'spec.containers[name=kube-apiserver].command[--audit-log-path]',
      'spec.containers[name=kube-apiserver].command[--profiling]',
    ]);
    const text = await cli('diff', '1', '2', '--db', db);
    expect(text.stdout).toContain('spec.containers[name=kube-apiserver].command[--profiling]: (absent) -> "false"');
  });

  it('diff A B with A newer than B compares B -> A and says so', async () => {
    await store('kube-apiserver.kubeadm-default.yaml', '2026-07-01T00:00:00Z');
    await store('kube-apiserver.three-flags-added.yaml', '2026-08-01T00:00:00Z');
    const text = await cli('diff', '2', '1', '--db', db);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('kubevidence: run 2 (2026-08-01T00:00:00.000Z) is newer than run 1 (2026-07-01T00:00:00.000Z); showing the change from run 1 to run 2\n');
    expect(text.stdout.split('\n')[0]).toBe('run 1 (2026-07-01T00:00:00.000Z) -> run 2 (2026-08-01T00:00:00.000Z), cluster cp');
    const json = JSON.parse((await cli('diff', '2', '1', '--db', db, '--format', 'json')).stdout) as { reordered: boolean; from: { id: number }; to: { id: number } };
    expect([json.reordered, json.from.id, json.to.id]).toEqual([true, 1, 2]);
  });
});

describe('backdating', () => {
  it('refuses a run collected before the newest stored run of the cluster, stores nothing, and names --backfill', async () => {
    await store('kube-apiserver.three-flags-added.yaml', '2026-08-01T00:00:00Z');
    const refused = await store('kube-apiserver.kubeadm-default.yaml', '2026-07-01T00:00:00Z');
    expect(refused.code).toBe(EXIT_CODES.usage);
    expect(refused.stderr).toBe(
      'kubevidence: collected at 2026-07-01T00:00:00.000Z, before run 1 of cp (2026-08-01T00:00:00.000Z); pass --backfill to store an older run, marked as backfilled\n',
    );
    const opened = openStore(db, { readonly: true });
    try {
      expect(opened.listRuns().map((run) => run.id)).toEqual([1]);
    } finally {
      opened.close();
    }
  });

  it('stores it with --backfill, marked in run output, runs, the run record, diff and the chain stays valid', async () => {
    await store('kube-apiserver.three-flags-added.yaml', '2026-08-01T00:00:00Z');
    const stored = await store('kube-apiserver.kubeadm-default.yaml', '2026-07-01T00:00:00Z', '--backfill');
    expect(stored.code).toBe(0);
    expect(JSON.parse(stored.stdout)).toMatchObject({ run: 2, created: true, backfilled: true });
    const runs = await cli('runs', '--db', db);
    expect(runs.stdout).toMatch(/\n2\s+2026-07-01T00:00:00\.000Z \(backfilled\)/);
    expect(runs.stdout).not.toMatch(/\n1\s+2026-08-01T00:00:00\.000Z \(backfilled\)/);
    const json = JSON.parse((await cli('runs', '--db', db, '--format', 'json')).stdout) as { id: number; backfilled: boolean }[];
    expect(json.map((run) => [run.id, run.backfilled])).toEqual([[2, true], [1, false]]);
    expect((await cli('diff', '2', '1', '--db', db)).stdout.split('\n')[0]).toBe('run 2 (2026-07-01T00:00:00.000Z, backfilled) -> run 1 (2026-08-01T00:00:00.000Z), cluster cp');
    const opened = openStore(db, { readonly: true });
    try {
      expect(opened.getRun(2).backfilled).toBe(true);
      expect(opened.getRun(1).backfilled).toBe(false);
      expect(opened.verifyChain().ok).toBe(true);
    } finally {
      opened.close();
    }
  });

  it('--backfill on a run that is not older marks nothing', async () => {
    const stored = await store('kube-apiserver.kubeadm-default.yaml', '2026-07-01T00:00:00Z', '--backfill');
    expect(JSON.parse(stored.stdout)).toMatchObject({ run: 1, backfilled: false });
  });
});
