import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { isLock, tryLockCluster } from '../../src/schedule/cluster-lock.js';
import { assessmentInputsOf, pipelineJobRunner } from '../../src/schedule/config-runner.js';
import { cronProblem, isReportDue, runOnce, startDaemon } from '../../src/schedule/daemon.js';
import type { ScheduleEvent } from '../../src/schedule/event-log.js';
import { openStore } from '../../src/store/index.js';
import { clusterFixtureNodeConfigs, clusterFixtureObjects } from '../support/cluster-fixture.js';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api-server.js';

const ROOT = new URL('../..', import.meta.url).pathname;
let server: KubeApiServer;
let dir: string;

beforeAll(async () => {
  server = await startKubeApiServer({ objects: clusterFixtureObjects(), nodeConfigs: clusterFixtureNodeConfigs() });
  dir = mkdtempSync(join(tmpdir(), 'kubevidence-schedule-'));
});

afterAll(async () => {
  await server.close();
});

/** A config for the test API server with a per-second collection schedule (node-cron's 6-field form). */
function writeConfig(name: string, extra = ''): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `database: ./${name}.db\nreports: ./${name}-reports\nframeworks: [pci-dss-4.0, nist-800-53-r5]\n` +
      `clusters:\n  - name: lab\n    kubeconfig: ${server.kubeconfigPath('kv-test')}\n    context: kv-test\n` +
      `schedules:\n  collect: "* * * * * *"\n  report: "0 6 1 * *"\n${extra}`,
  );
  return file;
}

function until(predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out waiting'));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

describe('schedule daemon against the test API server', () => {
  it('stores runs on schedule and skips a trigger that overlaps a running collection, with a log line', async () => {
    const config = loadConfig(writeConfig('daemon'), cronProblem);
    const events: ScheduleEvent[] = [];
    // Slow Pods keep each collection running across several per-second triggers.
    server.setFault('Pod', { type: 'slow', delayMs: 1500 });
    const daemon = startDaemon(config, pipelineJobRunner(config, assessmentInputsOf(config), undefined), (event) => events.push(event));
    try {
      await until(() => events.some((event) => event.event === 'finish') && events.some((event) => event.event === 'skipped'));
    } finally {
      await daemon.stop('test');
      server.clearFaults();
    }
    const skipped = events.find((event) => event.event === 'skipped');
    expect(skipped).toMatchObject({ job: 'collect', cluster: 'lab', reason: 'a run of lab is still in progress in this process' });
    const finished = events.filter((event): event is Extract<ScheduleEvent, { event: 'finish' }> => event.event === 'finish');
    // The config names the deprecated alias; runs record the current id.
    expect(finished[0]?.scores).toHaveProperty(['pci-dss-4.0.1']);
    expect(events.at(-1)).toEqual({ event: 'daemon-stop', signal: 'test' });
    const store = openStore(config.database, { readonly: true });
    try {
      expect(store.listRuns().length).toBeGreaterThanOrEqual(1);
      expect(store.verifyChain().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('skips a cluster another process is collecting (lock file next to the database)', async () => {
    const config = loadConfig(writeConfig('locked'), cronProblem);
    const held = tryLockCluster(config.database, 'lab');
    expect(isLock(held)).toBe(true);
    const events: ScheduleEvent[] = [];
    try {
      const outcome = await runOnce(config, pipelineJobRunner(config, assessmentInputsOf(config), undefined), (event) => events.push(event));
      expect(outcome.failed).toBe(1);
    } finally {
      if (isLock(held)) held.release();
    }
    expect(events).toEqual([expect.objectContaining({ event: 'skipped', cluster: 'lab', reason: expect.stringMatching(/^another process \(pid \d+ on .+\) has been running lab since /) })]);
  });

  it('--once collects, writes the pack that is due, and does not write it again', async () => {
    const config = loadConfig(writeConfig('once'), cronProblem);
    const runner = pipelineJobRunner(config, assessmentInputsOf(config), undefined);
    const first: ScheduleEvent[] = [];
    expect((await runOnce(config, runner, (event) => first.push(event))).failed).toBe(0);
    expect(first.filter((event) => event.event === 'finish').map((event) => (event as { job: string }).job)).toEqual(['collect', 'report']);
    const second: ScheduleEvent[] = [];
    expect((await runOnce(config, runner, (event) => second.push(event))).failed).toBe(0);
    expect(second.filter((event) => event.event === 'finish').map((event) => (event as { job: string }).job)).toEqual(['collect']);
    expect(runner.lastPackTime(config.clusters[0] as Config['clusters'][number])).not.toBeNull();
  });

  it('a report is due when its schedule fired after the newest pack', () => {
    const config = loadConfig(writeConfig('due'), cronProblem);
    const now = new Date('2026-11-23T12:00:00Z');
    expect(isReportDue(config, null, now)).toBe(true);
    expect(isReportDue(config, new Date('2026-10-15T00:00:00Z'), now)).toBe(true); // fired 2026-11-01 06:00
    expect(isReportDue(config, new Date('2026-11-02T00:00:00Z'), now)).toBe(false);
  });

  it('SIGTERM during a collection stops the daemon cleanly and leaves a consistent database', async () => {
    const configFile = writeConfig('sigterm');
    server.setFault('Pod', { type: 'slow', delayMs: 3000 });
    const child = spawn(process.execPath, [join(ROOT, 'bin/kubevidence.js'), 'schedule', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await until(() => stdout.includes('"event":"start"'), 120_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      server.clearFaults();
      child.kill('SIGKILL');
    }
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string });
    expect(lines.at(-1)).toMatchObject({ event: 'daemon-stop', signal: 'SIGTERM' });
    // The run in flight either finished (stored whole) or was abandoned (nothing stored); never half.
    expect(lines.some((line) => line.event === 'abandoned' || line.event === 'finish')).toBe(true);
    const config = loadConfig(configFile, cronProblem);
    const store = openStore(config.database, { readonly: true });
    try {
      expect(store.verifyChain().ok).toBe(true);
      expect(store.checkIntegrity().ok).toBe(true);
      const stored = store.listRuns().length;
      expect(stored).toBe(lines.filter((line) => line.event === 'finish').length);
    } finally {
      store.close();
    }
  }, 180_000);
});
