/**
 * `npm run bench`: the performance targets of issue 9, measured.
 *
 * For each size (5k, 20k, 50k objects; `--quick`: 5k only) a child process serves the generated cluster over HTTPS
 * (test/support/kube-api-server.ts) and another child runs and measures kubevidence against it; then one child
 * measures history queries over 365 stored runs and one the PDF of a run with 5,000 failing findings. Each
 * measurement has a process of its own so its peak RSS is its own. Prints the tables and the targets, writes
 * bench/results.json and a Markdown summary (bench/out/summary.md) for the README.
 *
 * Then the CLI as a process (bench/lib/cli-process.ts): `--version` and `frameworks` against `node -e 0`, and
 * `evaluate --from-file` (JSON and table) on the largest size against `JSON.parse(readFileSync(snapshot))`.
 *
 * Flags: --quick (5k only), --sizes=5000,20000 (any list), --skip-history, --skip-pdf, --skip-cli,
 * --only=cli (only the CLI measurements, on 50,000 objects or the largest of --sizes; the other results in
 * bench/results.json are kept).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { TOOL_VERSION } from '../src/version.js';
import type { ServerReady } from './children/api-server.js';
import { runChild, startServingChild } from './lib/child.js';
import { CLI_TARGET_PREFIX, cliTargets, measureCli, type CliResults } from './lib/cli-process.js';
import { machineInfo } from './lib/machine.js';
import { SNAPSHOT_FILE } from './lib/out-files.js';
import { evaluateTargets, thousands } from './lib/targets.js';
import { resultTables, tablesAsMarkdown, tablesAsText } from './lib/tables.js';
import type { BenchResults, EvaluateResult, HistoryResult, PdfResult, ServerStats, SizeChildResult, SizeResult } from './lib/types.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = join(BENCH_DIR, 'out');
const FULL_SIZES = [5_000, 20_000, 50_000];

interface BenchOptions {
  readonly quick: boolean;
  readonly sizes: readonly number[];
  readonly history: boolean;
  readonly pdf: boolean;
  readonly cli: boolean;
  readonly onlyCli: boolean;
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--fleet-only')) return fleetOnly(argv);
  const options = parseOptions(argv);
  const startedAt = new Date();
  const machine = machineInfo();
  mkdirSync(OUT_DIR, { recursive: true });
  console.error(`kubevidence ${TOOL_VERSION} bench on ${machine.cpus} x ${machine.cpuModel}, ${machine.totalMemoryGb} GB, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')}`);
  if (options.onlyCli) return publishCliOnly(await measureCliFor(options));
  const sizes: SizeResult[] = [];
  for (const objects of options.sizes) sizes.push(await measureSize(objects));
  const history = options.history ? await measured('history queries over 365 runs', () => runChild<HistoryResult>('measure-history', [join(OUT_DIR, 'history')])) : null;
  const pdf = options.pdf ? await measured('PDF with 5,000 failing findings', () => runChild<PdfResult>('measure-pdf', [join(OUT_DIR, 'pdf')])) : null;
  const cli = options.cli ? await measureCliFor(options) : null;
  const finishedAt = new Date();
  const benchMs = finishedAt.getTime() - startedAt.getTime();
  const results: BenchResults = {
    tool: `kubevidence ${TOOL_VERSION}`,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: benchMs,
    quick: options.quick,
    machine,
    loadAverageAtEnd: loadAverages(),
    notes: notesFor(options),
    sizes,
    history,
    pdf,
    cli,
    targets: [...evaluateTargets({ sizes, history, pdf, benchMs }), ...(cli === null ? [] : cliTargets(cli))],
  };
  publish(results);
}

function measureCliFor(options: BenchOptions): Promise<CliResults> {
  return measureCli(OUT_DIR, { evaluateObjects: Math.max(...options.sizes), loadAverage: loadAverages() });
}

/** --only=cli: replaces the CLI part of bench/results.json and its targets, keeping every other measurement. */
function publishCliOnly(cli: CliResults): void {
  const file = join(BENCH_DIR, 'results.json');
  const previous = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  const targets = cliTargets(cli);
  const results: BenchResults = { ...previous, cli, targets: [...previous.targets.filter((target) => !target.target.startsWith(CLI_TARGET_PREFIX)), ...targets] };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  for (const target of targets) console.log(`${target.pass === true ? 'met   ' : 'MISSED'}  ${target.target}: ${target.measured} (limit ${target.limit})`);
  console.log('\nwrote the cli part of bench/results.json');
}

/**
 * One size: the API server child and the measuring child against it (then the server's request statistics),
 * then evaluate vs JSON.parse in a fresh child on the snapshot that was collected.
 */
async function measureSize(objects: number): Promise<SizeResult> {
  const loadAverage = loadAverages();
  console.error(`${thousands(objects)} objects (load average ${loadAverage.join(' ')}): starting the HTTPS API server`);
  const outDir = join(OUT_DIR, `size-${objects}`);
  const server = await startServingChild<ServerReady, ServerStats>('api-server', [String(objects), '0']);
  let measured: SizeChildResult;
  try {
    measured = await runChild<SizeChildResult>('measure-size', [String(objects), server.ready.kubeconfig, outDir]);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  const stats = await server.stop();
  const evaluate = await runChild<EvaluateResult>('measure-evaluate', [join(outDir, SNAPSHOT_FILE), String(evaluateRepetitions(objects))]);
  console.error(`  [${thousands(objects)}] evaluate ${evaluate.evaluateMs} ms vs JSON.parse ${evaluate.jsonParseMs} ms`);
  return { ...measured, loadAverage, evaluate, server: stats };
}

/** Alternating JSON.parse / evaluate pairs whose medians are kept: fewer at 50k, where one evaluation takes seconds. */
function evaluateRepetitions(objects: number): number {
  return objects >= 50_000 ? 5 : 7;
}

async function measured<T>(name: string, work: () => Promise<T>): Promise<T> {
  console.error(`${name}`);
  return work();
}

function publish(results: BenchResults): void {
  const tables = resultTables(results);
  console.log(`\n${tablesAsText(tables)}\n`);
  for (const note of results.notes) console.log(`note: ${note}`);
  writeFileSync(join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(OUT_DIR, 'summary.md'), summaryMarkdown(results, tablesAsMarkdown(tables)));
  console.log(`\nwrote bench/results.json and bench/out/summary.md (${(results.durationMs / 60_000).toFixed(1)} min)`);
  const missed = results.targets.filter((target) => target.pass === false).length;
  if (missed > 0) console.log(`${missed} target(s) missed`);
}

function summaryMarkdown(results: BenchResults, tables: string): string {
  const { machine } = results;
  return [
    `Measured ${results.startedAt.slice(0, 10)} with \`npm run bench\`${results.quick ? ' --quick' : ''} on ${machine.os} (${machine.kernel}, ${machine.arch}), ${machine.cpus} x ${machine.cpuModel}, ${machine.totalMemoryGb} GB RAM, Node ${machine.node}; load average (1/5/15 min) ${machine.loadAverageAtStart.join(' / ')} at the start and ${results.loadAverageAtEnd.join(' / ')} at the end; the whole bench took ${(results.durationMs / 60_000).toFixed(1)} min.`,
    '',
    tables,
    '',
    ...results.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

function loadAverages(): number[] {
  return loadavg().map((load) => Math.round(load * 100) / 100);
}

function notesFor(options: BenchOptions): string[] {
  return [
    'Wall times on a shared machine are noisy: the load average at the start is recorded, and CPU time (user + system of the measuring process) is shown beside each stage as the steadier figure.',
    'The HTTPS API server runs in its own process on the same 2 cores, so collection competes with it for CPU; its memory is not in the measured RSS.',
    'The whole run renders HTML and PDF (the target); findings.json, findings.csv and the OSCAL file of a full pack are rendered after it and reported separately.',
    'Churned days 1-9 are assembled from the generator as the collector would return them (checked: day 0 assembled this way has the collected snapshot\'s digest) and evaluated for real; only day 0 is collected over HTTPS.',
    'History queries run over 365 runs of a 200-object cluster: they read per-run score and requirement-status rows, whose number depends on the catalogues, not on the cluster size.',
    ...(options.quick ? ['--quick: 5,000 objects only; the 50,000-object targets are not measured.'] : []),
  ];
}

function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const sizesFlag = argv.find((arg) => arg.startsWith('--sizes='));
  const flags = ['--quick', '--skip-history', '--skip-pdf', '--skip-cli', '--only=cli'];
  const unknown = argv.filter((arg) => !flags.includes(arg) && !arg.startsWith('--sizes='));
  if (unknown.length > 0) throw new Error(`unknown option(s): ${unknown.join(' ')} (use --quick, --sizes=5000,20000, --skip-history, --skip-pdf, --skip-cli, --only=cli)`);
  const sizes = sizesFlag === undefined ? (quick ? [5_000] : FULL_SIZES) : sizesFlag.slice('--sizes='.length).split(',').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 200)) throw new Error('--sizes: whole numbers of objects, at least 200');
  return { quick, sizes, history: !argv.includes('--skip-history'), pdf: !argv.includes('--skip-pdf'), cli: !argv.includes('--skip-cli'), onlyCli: argv.includes('--only=cli') };
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

/** `--fleet-only [--fleet-clusters=N --fleet-objects=N --history-clusters=N --history-runs=N]`: the PostgreSQL fleet part alone, merged into results.json. */
async function fleetOnly(argv: readonly string[]): Promise<void> {
  const { runFleetBench } = await import('./fleet.js');
  const { existsSync, readFileSync } = await import('node:fs');
  const flag = (name: string, fallback: number): number => Number(argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const fleet = await runFleetBench({
    clusters: flag('fleet-clusters', 100),
    objects: flag('fleet-objects', 5000),
    historyClusters: flag('history-clusters', 100),
    historyRuns: flag('history-runs', 90),
    historyObjects: flag('history-objects', 100),
  });
  const file = join(BENCH_DIR, 'results.json');
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, `${JSON.stringify({ ...existing, fleetPostgres: { measuredAt: new Date().toISOString(), machine: machineInfo(), ...fleet } }, null, 2)}\n`);
  console.log(JSON.stringify(fleet, null, 2));
}

