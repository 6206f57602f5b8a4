import { Worker } from 'node:worker_threads';

const MB = 1_000_000;

/**
 * Peak RSS while a stage runs. The stages worth measuring are long synchronous calls (evaluate, PDF layout), during
 * which the main thread's timers never fire, so the sampling runs on a worker thread: RSS is process-wide, and the
 * worker reads it every `intervalMs` whatever the main thread is doing. The worker costs a few MB of RSS itself,
 * which is in every number it reports.
 */
export class RssSampler {
  /** [0]: highest RSS seen since the last reset, in KiB; [1]: stop flag. */
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;

  constructor(intervalMs = 10) {
    this.shared[0] = kib(process.memoryUsage.rss());
    // Plain JS evaluated in the worker: it must not depend on the tsx loader the main thread runs under.
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const view = workerData.view;
       while (Atomics.load(view, 1) === 0) {
         const now = Math.round(process.memoryUsage.rss() / 1024);
         let seen = Atomics.load(view, 0);
         while (now > seen && Atomics.compareExchange(view, 0, seen, now) !== seen) seen = Atomics.load(view, 0);
         Atomics.wait(view, 1, 0, workerData.intervalMs);
       }`,
      { eval: true, workerData: { view: this.shared, intervalMs } },
    );
    this.worker.unref();
  }

  /** Starts a new measuring window at the current RSS. */
  reset(): void {
    Atomics.store(this.shared, 0, kib(process.memoryUsage.rss()));
  }

  /** Highest RSS since the last reset (including now), in MB. */
  peakMb(): number {
    const now = kib(process.memoryUsage.rss());
    return (Math.max(now, Atomics.load(this.shared, 0)) * 1024) / MB;
  }

  async stop(): Promise<void> {
    Atomics.store(this.shared, 1, 1);
    Atomics.notify(this.shared, 1);
    await this.worker.terminate();
  }
}

/** The kernel's high-water mark of this process's RSS, in MB (maxRSS is in KiB on every platform Node supports). */
export function maxRssMb(): number {
  return (process.resourceUsage().maxRSS * 1024) / MB;
}

/** Heap in use after a full collection, in bytes; needs --expose-gc, which the bench's child processes get. */
export function settledHeapBytes(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('bench child processes must run with --expose-gc');
  gc();
  gc();
}

function kib(bytes: number): number {
  return Math.round(bytes / 1024);
}
