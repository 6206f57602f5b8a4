/**
 * The CLI as a user starts it: `node bin/kubevidence.js …` (the compiled dist/, rebuilt first), one process per
 * measurement, wall time from spawn to exit and the process's own peak RSS (process.resourceUsage().maxRSS, written
 * at exit by a preloaded hook, so no platform `time` tool is needed). Every target is a ratio to a floor measured
 * in the same run on the same machine: `node -e 0` for start-up, `JSON.parse(readFileSync(snapshot))` for evaluate.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSnapshotFile } from '../../src/collect/index.js';
import type { TargetResult } from './types.js';
import { offlineSnapshot } from './cluster.js';
import { median, round } from './stopwatch.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/kubevidence.js');

export const CLI_LIMITS = {
  versionMs: 150,
  frameworksMs: 300,
  startRatio: 3,
  evaluateRatio: 4,
  evaluateRssMb: 1000,
} as const;

export interface ProcessSample {
  readonly wallMs: number;
  readonly maxRssMb: number;
  readonly exitCode: number | null;
}

export interface CliStartResult {
  readonly repetitions: number;
  readonly nodeMs: number;
  readonly versionMs: number;
  readonly frameworksMs: number;
}

export interface CliEvaluateResult {
  readonly objects: number;
  readonly snapshotBytes: number;
  readonly repetitions: number;
  readonly floorMs: number;
  readonly floorRssMb: number;
  readonly jsonMs: number;
  readonly jsonRssMb: number;
  readonly jsonBytes: number;
  readonly tableMs: number;
  readonly tableRssMb: number;
}

export interface CliResults {
  readonly measuredAt: string;
  readonly loadAverageAtStart: readonly number[];
  readonly start: CliStartResult;
  readonly evaluate: CliEvaluateResult | null;
}

/** Runs `node <args>` with stdout to a file (or /dev/null) and returns its wall time and its own peak RSS. */
async function sample(scratch: string, args: readonly string[], stdoutFile = '/dev/null'): Promise<ProcessSample> {
  const usageFile = join(scratch, 'usage.json');
  rmSync(usageFile, { force: true });
  const env = { ...process.env, KUBEVIDENCE_FROM_SOURCE: '', KV_BENCH_USAGE: usageFile };
  const out = openSync(stdoutFile, 'w');
  const started = performance.now();
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', join(scratch, 'usage-hook.mjs'), ...args], { env, stdio: ['ignore', out, 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  closeSync(out);
  const usage = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number }) : { maxRSS: 0 };
  return { wallMs, maxRssMb: usage.maxRSS / 1024, exitCode };
}

function writeUsageHook(scratch: string): void {
  writeFileSync(
    join(scratch, 'usage-hook.mjs'),
    "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { if (process.env.KV_BENCH_USAGE) writeFileSync(process.env.KV_BENCH_USAGE, JSON.stringify(process.resourceUsage())); });\n",
  );
}

/** Alternates the floor and the measured commands, `repetitions` rounds, and keeps medians. */
async function medians(scratch: string, repetitions: number, commands: Record<string, { args: readonly string[]; stdout?: string }>): Promise<Record<string, { wallMs: number; maxRssMb: number }>> {
  const samples: Record<string, ProcessSample[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let round = 0; round < repetitions; round += 1) {
    for (const [name, command] of Object.entries(commands)) {
      const measured = await sample(scratch, command.args, command.stdout);
      if (measured.exitCode !== 0) throw new Error(`${name}: node ${command.args.join(' ')} exited ${String(measured.exitCode)}`);
      samples[name]?.push(measured);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [name, { wallMs: median(list.map((item) => item.wallMs)), maxRssMb: Math.max(...list.map((item) => item.maxRssMb)) }]),
  );
}

export async function measureCliStart(scratch: string, repetitions = 9): Promise<CliStartResult> {
  const result = await medians(scratch, repetitions, {
    node: { args: ['-e', '0'] },
    version: { args: [BIN, '--version'] },
    frameworks: { args: [BIN, 'frameworks'] },
  });
  return { repetitions, nodeMs: round(result['node']?.wallMs ?? 0), versionMs: round(result['version']?.wallMs ?? 0), frameworksMs: round(result['frameworks']?.wallMs ?? 0) };
}

export async function measureCliEvaluate(scratch: string, objects: number, repetitions = 3): Promise<CliEvaluateResult> {
  const snapshot = join(scratch, `snapshot-${objects}.json`);
  if (!existsSync(snapshot)) writeSnapshotFile(snapshot, offlineSnapshot(objects, { collectedAt: '2026-01-01T00:00:00.000Z' }));
  const jsonOut = join(scratch, 'evaluate.json');
  const result = await medians(scratch, repetitions, {
    floor: { args: ['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(snapshot)}, 'utf8'))`] },
    json: { args: [BIN, 'evaluate', '--from-file', snapshot, '--format', 'json'], stdout: jsonOut },
    table: { args: [BIN, 'evaluate', '--from-file', snapshot] },
  });
  const pick = (name: string): { wallMs: number; maxRssMb: number } => result[name] ?? { wallMs: 0, maxRssMb: 0 };
  return {
    objects,
    snapshotBytes: readFileSync(snapshot).length,
    repetitions,
    floorMs: round(pick('floor').wallMs),
    floorRssMb: round(pick('floor').maxRssMb),
    jsonMs: round(pick('json').wallMs),
    jsonRssMb: round(pick('json').maxRssMb),
    jsonBytes: readFileSync(jsonOut).length,
    tableMs: round(pick('table').wallMs),
    tableRssMb: round(pick('table').maxRssMb),
  };
}

/** Builds dist/ (the CLI measured is the one `npm install` leaves), then measures start-up and evaluate. */
export async function measureCli(outDir: string, options: { readonly evaluateObjects: number | null; readonly loadAverage: readonly number[] }): Promise<CliResults> {
  const scratch = join(outDir, 'cli');
  mkdirSync(scratch, { recursive: true });
  writeUsageHook(scratch);
  const build = await new Promise<number | null>((resolve) => spawn(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' }).on('exit', resolve));
  if (build !== 0) throw new Error('npm run build failed');
  console.error('CLI start-up: node -e 0, --version, frameworks');
  const start = await measureCliStart(scratch);
  console.error(`  node ${start.nodeMs} ms, --version ${start.versionMs} ms, frameworks ${start.frameworksMs} ms`);
  let evaluate: CliEvaluateResult | null = null;
  if (options.evaluateObjects !== null) {
    console.error(`CLI evaluate --from-file on ${options.evaluateObjects} objects: JSON.parse floor, --format json, table`);
    evaluate = await measureCliEvaluate(scratch, options.evaluateObjects);
    console.error(`  floor ${evaluate.floorMs} ms, json ${evaluate.jsonMs} ms (${evaluate.jsonRssMb} MB), table ${evaluate.tableMs} ms (${evaluate.tableRssMb} MB)`);
  }
  return { measuredAt: new Date().toISOString(), loadAverageAtStart: options.loadAverage, start, evaluate };
}

function ratio(value: number, floor: number): number {
  return floor > 0 ? Math.round((value / floor) * 100) / 100 : Number.POSITIVE_INFINITY;
}

export const CLI_TARGET_PREFIX = 'CLI ';

export function cliTargets(cli: CliResults): TargetResult[] {
  const { start, evaluate } = cli;
  const targets: TargetResult[] = [
    { target: `${CLI_TARGET_PREFIX}--version`, limit: `≤ ${CLI_LIMITS.versionMs} ms and ≤ ${CLI_LIMITS.startRatio}x node -e 0`, measured: `${start.versionMs} ms (${ratio(start.versionMs, start.nodeMs)}x of ${start.nodeMs} ms)`, pass: start.versionMs <= CLI_LIMITS.versionMs && ratio(start.versionMs, start.nodeMs) <= CLI_LIMITS.startRatio },
    { target: `${CLI_TARGET_PREFIX}frameworks`, limit: `≤ ${CLI_LIMITS.frameworksMs} ms and ≤ ${CLI_LIMITS.startRatio}x node -e 0`, measured: `${start.frameworksMs} ms (${ratio(start.frameworksMs, start.nodeMs)}x of ${start.nodeMs} ms)`, pass: start.frameworksMs <= CLI_LIMITS.frameworksMs && ratio(start.frameworksMs, start.nodeMs) <= CLI_LIMITS.startRatio },
  ];
  if (evaluate === null) return targets;
  const objects = evaluate.objects.toLocaleString('en-US');
  for (const [format, ms, rss] of [['--format json', evaluate.jsonMs, evaluate.jsonRssMb], ['table', evaluate.tableMs, evaluate.tableRssMb]] as const) {
    targets.push({ target: `${CLI_TARGET_PREFIX}evaluate ${format} vs JSON.parse, ${objects} objects`, limit: `≤ ${CLI_LIMITS.evaluateRatio}x`, measured: `${ratio(ms, evaluate.floorMs)}x (${ms} ms vs ${evaluate.floorMs} ms)`, pass: ratio(ms, evaluate.floorMs) <= CLI_LIMITS.evaluateRatio });
    targets.push({ target: `${CLI_TARGET_PREFIX}evaluate ${format} peak RSS, ${objects} objects`, limit: `≤ ${CLI_LIMITS.evaluateRssMb} MB`, measured: `${Math.round(rss)} MB`, pass: rss <= CLI_LIMITS.evaluateRssMb });
  }
  return targets;
}
