import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { durationToDays, loadConfig } from '../../src/config.js';
import { KvError } from '../../src/errors.js';
import { cronProblem } from '../../src/schedule/daemon.js';

const dir = mkdtempSync(join(tmpdir(), 'kubevidence-config-'));

function configFile(text: string): string {
  const path = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
}

function errorLine(text: string): string {
  const path = configFile(text);
  try {
    loadConfig(path, cronProblem);
  } catch (error) {
    if (error instanceof KvError) return error.toLine().replace(path, 'FILE');
    throw error;
  }
  throw new Error('expected an error');
}

describe('config file', () => {
  it('loads the starter config shipped for `kubevidence init` and resolves paths against its folder', () => {
    const config = loadConfig(new URL('../../controls/examples/kubevidence.yaml', import.meta.url).pathname, cronProblem);
    expect(config.clusters).toEqual([{ name: 'production', context: 'production' }]);
    expect(config.database.endsWith('/controls/examples/kubevidence.db')).toBe(true);
    expect(config.schedules).toEqual({ collect: '0 2 * * *', report: '0 6 1 * *' });
    expect(config.frameworks).toContain('pci-dss-4.0.1');
  });

  it('fills defaults for a minimal file', () => {
    const config = loadConfig(configFile('clusters:\n  - name: lab\n    fromFile: ./snap.json\n'), cronProblem);
    expect(config.timezone).toBe('UTC');
    expect(config.clusters[0]?.fromFile).toBe(join(dir, 'snap.json'));
    expect(config.archive).toBe(false);
  });

  it('names line and field of an invalid cron expression', () => {
    expect(errorLine('clusters:\n  - name: a\n    context: a\nschedules:\n  collect: "61 * * * *"\n')).toMatch(/^FILE:5 schedules\.collect: invalid cron expression '61 \* \* \* \*': /);
  });

  it('rejects a cluster with two sources', () => {
    expect(errorLine('clusters:\n  - name: a\n    context: a\n    inCluster: true\n')).toBe('FILE:2 clusters[0]: give exactly one source: context/kubeconfig, inCluster: true, or fromFile');
  });

  it('rejects duplicate cluster names', () => {
    expect(errorLine('clusters:\n  - name: a\n    context: a\n  - name: a\n    context: b\n')).toBe("FILE:4 clusters[1].name: duplicate cluster name 'a'");
  });

  it('rejects unknown keys (typos must not be silently ignored)', () => {
    expect(errorLine('clusters:\n  - name: a\n    context: a\nretension: 400d\n')).toBe("FILE:4 retension: unknown field 'retension'");
  });

  it('rejects a bad retention', () => {
    expect(errorLine('clusters:\n  - name: a\n    context: a\nretention: forever\n')).toBe('FILE:4 retention: expected a duration like 400d, 52w, 13m or 1y');
  });

  it('requires at least one cluster', () => {
    expect(errorLine('database: ./x.db\n')).toMatch(/^FILE:1 clusters: /);
  });

  it('converts durations generously', () => {
    expect(durationToDays('400d')).toBe(400);
    expect(durationToDays('2w')).toBe(14);
    expect(durationToDays('13m')).toBe(403);
    expect(durationToDays('1y')).toBe(366);
  });
});

describe('event lines for a person at a terminal', () => {
  it('name the cluster and stage, durations and scores', async () => {
    const { humanLineSink } = await import('../../src/schedule/event-log.js');
    const lines: string[] = [];
    const sink = humanLineSink((line) => lines.push(line.slice(9)));
    sink({ event: 'start', job: 'collect', cluster: 'prod-eu' });
    sink({ event: 'finish', job: 'collect', cluster: 'prod-eu', durationMs: 41_518, runId: 412, created: true, scores: { 'pci-dss-4.0': 71.4 } });
    sink({ event: 'error', job: 'report', cluster: 'lab', durationMs: 900, code: 'cluster.unreachable', message: 'cannot reach https://10.0.0.1:6443' });
    expect(lines).toEqual([
      '[prod-eu] collect started\n',
      '[prod-eu] collect finished in 41.5 s: run 412, pci-dss-4.0 71.4%\n',
      '[lab] report FAILED after 0.9 s: cannot reach https://10.0.0.1:6443\n',
    ]);
  });
});
