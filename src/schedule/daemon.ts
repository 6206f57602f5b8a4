import cron from 'node-cron';
import type { ClusterConfig, Config } from '../config.js';
import { KvError } from '../errors.js';
import { isLock, tryLockCluster } from './cluster-lock.js';
import type { EventSink, JobKind } from './event-log.js';

/** What the scheduler runs; the pipeline provides it, tests may provide their own. */
export interface JobRunner {
  /** collect → evaluate → map → store for one cluster. Must check `signal` between stages and store nothing once aborted. */
  collect(cluster: ClusterConfig, signal: AbortSignal): Promise<{ readonly runId: number; readonly created: boolean; readonly scores: Readonly<Record<string, number | null>> }>;
  /** report → sign from the cluster's latest stored run. */
  report(cluster: ClusterConfig, signal: AbortSignal): Promise<{ readonly pack: string }>;
  /** When the newest pack of this cluster was generated, to decide whether a report is due. */
  lastPackTime(cluster: ClusterConfig): Date | null;
}

export interface Daemon {
  /** Stops triggering, aborts running jobs at their next stage boundary, and waits for them. */
  stop(signal: string): Promise<void>;
  /** Resolves when every job started so far has ended (for tests). */
  idle(): Promise<void>;
}

/** Returns null when node-cron accepts the expression, else why not. */
export function cronProblem(expression: string): string | null {
  const result = cron.validateDetailed(expression);
  return result.valid ? null : result.errors.map((error) => `${error.field}: ${error.message}`).join('; ') || 'invalid expression';
}

class JobScheduler {
  private readonly running = new Map<string, Promise<void>>();
  private readonly controller = new AbortController();

  constructor(
    private readonly config: Config,
    private readonly runner: JobRunner,
    private readonly sink: EventSink,
  ) {}

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  abort(): void {
    this.controller.abort();
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Runs a job unless the same cluster is already busy here or in another process; never throws. */
  trigger(kind: JobKind, cluster: ClusterConfig): Promise<boolean> {
    if (this.aborted) return Promise.resolve(false);
    if (this.running.has(cluster.name)) {
      this.sink({ event: 'skipped', job: kind, cluster: cluster.name, reason: `a run of ${cluster.name} is still in progress in this process` });
      return Promise.resolve(false);
    }
    const lock = tryLockCluster(this.config.database, cluster.name);
    if (!isLock(lock)) {
      this.sink({ event: 'skipped', job: kind, cluster: cluster.name, reason: `another process (pid ${lock.pid} on ${lock.host}) has been running ${cluster.name} since ${lock.since}` });
      return Promise.resolve(false);
    }
    const job = this.execute(kind, cluster).finally(() => {
      lock.release();
      this.running.delete(cluster.name);
    });
    this.running.set(cluster.name, job.then(() => undefined));
    return job;
  }

  private async execute(kind: JobKind, cluster: ClusterConfig): Promise<boolean> {
    const started = Date.now();
    this.sink({ event: 'start', job: kind, cluster: cluster.name });
    try {
      const outcome = kind === 'collect' ? await this.runner.collect(cluster, this.controller.signal) : await this.runner.report(cluster, this.controller.signal);
      this.sink({ event: 'finish', job: kind, cluster: cluster.name, durationMs: Date.now() - started, ...outcome });
      return true;
    } catch (error) {
      if (this.aborted) {
        this.sink({ event: 'abandoned', job: kind, cluster: cluster.name, reason: 'stopped by signal before the run was stored; nothing was written' });
        return false;
      }
      const code = error instanceof KvError ? error.code : 'internal';
      const message = error instanceof KvError ? error.toLine() : error instanceof Error ? error.message : String(error);
      this.sink({ event: 'error', job: kind, cluster: cluster.name, durationMs: Date.now() - started, code, message });
      return false;
    }
  }
}

/** The long-running daemon: node-cron triggers collection and packs on the configured schedules and time zone. */
export function startDaemon(config: Config, runner: JobRunner, sink: EventSink): Daemon {
  const scheduler = new JobScheduler(config, runner, sink);
  const tasks = (['collect', 'report'] as const).flatMap((kind) =>
    config.clusters.map((cluster) =>
      cron.schedule(config.schedules[kind], () => scheduler.trigger(kind, cluster), { timezone: config.timezone, name: `${kind}:${cluster.name}` }),
    ),
  );
  sink({ event: 'daemon-start', clusters: config.clusters.map((cluster) => cluster.name), collect: config.schedules.collect, report: config.schedules.report, timezone: config.timezone });
  return {
    async stop(signal) {
      await Promise.all(tasks.map(async (task) => task.destroy()));
      scheduler.abort();
      await scheduler.idle();
      sink({ event: 'daemon-stop', signal });
    },
    idle: () => scheduler.idle(),
  };
}

/**
 * `schedule --once`, for system cron and Kubernetes CronJobs: collect every cluster now, then write a pack for
 * each cluster whose report schedule has fired since its newest pack. Returns how many jobs failed.
 */
export async function runOnce(config: Config, runner: JobRunner, sink: EventSink, now: Date = new Date()): Promise<{ readonly failed: number; readonly stop: () => void }> {
  const scheduler = new JobScheduler(config, runner, sink);
  const outcomes = await Promise.all(
    config.clusters.map(async (cluster) => {
      const collected = await scheduler.trigger('collect', cluster);
      if (!collected) return 1;
      if (!isReportDue(config, runner.lastPackTime(cluster), now)) return 0;
      return (await scheduler.trigger('report', cluster)) ? 0 : 1;
    }),
  );
  return { failed: outcomes.reduce<number>((sum, value) => sum + value, 0), stop: () => scheduler.abort() };
}

/** A pack is due when the report schedule fired after the newest pack (looking back at most 400 days). */
export function isReportDue(config: Config, lastPack: Date | null, now: Date): boolean {
  const fired = lastFireTime(config.schedules.report, config.timezone, now, lastPack ?? new Date(now.getTime() - 400 * 86_400_000));
  return fired !== null;
}

/** The most recent minute in (since, now] that the expression matches, or null. */
export function lastFireTime(expression: string, timezone: string, now: Date, since: Date): Date | null {
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    const minute = 60_000;
    for (let time = Math.floor(now.getTime() / minute) * minute; time > since.getTime(); time -= minute) {
      const candidate = new Date(time);
      if (task.match(candidate)) return candidate;
    }
    return null;
  } finally {
    void task.destroy();
  }
}
