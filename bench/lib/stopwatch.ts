import type { RssSampler } from './memory.js';
import type { StageResult } from './types.js';

/**
 * Runs one stage, returning its value and its wall time, CPU time, throughput and peak RSS. CPU time (user +
 * system, all threads of the process) is there because the bench machine is shared: when others load it, wall
 * time grows and CPU time mostly does not.
 */
export async function measureStage<T>(stage: string, objects: number | null, sampler: RssSampler, work: () => T | Promise<T>): Promise<{ value: T; result: StageResult }> {
  sampler.reset();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    value,
    result: { stage, ms: round(ms), cpuMs: round((cpu.user + cpu.system) / 1000), objectsPerSecond: objects === null ? null : Math.round((objects * 1000) / ms), peakRssMb: round(sampler.peakMb()) },
  };
}

/** Wall time of a synchronous call. */
export function timeSync<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** One decimal: enough for milliseconds and megabytes, and results.json stays readable. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
