/**
 * The fleet bench (issue 18), `npm run bench -- --fleet-only`: a throwaway PostgreSQL server (as in the tests),
 * then (1) first and next-day runs of FLEET_CLUSTERS clusters of FLEET_OBJECTS objects stored by 4 writers at once,
 * beside the same runs stored into SQLite files by the same writers; (2) one cluster over 10 days of 1 % churn:
 * the store's size after day 10 against day 1; (3) history and fleet queries over HISTORY_CLUSTERS clusters x
 * HISTORY_RUNS runs. Sizes are flags so a smaller fleet can be measured and extrapolated (the results say which).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFleetView } from '../src/report/fleet/model.js';
import { openStore } from '../src/store/index.js';
import { startPostgres, TEST_PASSWORD, type PostgresServer } from '../test/support/postgres.js';
import { median, round, timeSync } from './lib/stopwatch.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WRITERS = 4;

export interface FleetBenchOptions {
  readonly clusters: number;
  readonly objects: number;
  readonly historyClusters: number;
  readonly historyRuns: number;
  readonly historyObjects: number;
}

interface WriterLine {
  readonly cluster: string;
  readonly day: number;
  readonly ms: number;
}

export interface FleetBenchResult {
  readonly options: FleetBenchOptions;
  readonly writers: number;
  readonly loadAverageAtStart: number[];
  readonly loadAverageAtEnd: number[];
  readonly perRun: {
    readonly postgresFirstRunMs: number;
    readonly postgresNextDayRunMs: number;
    readonly sqliteFirstRunMs: number;
    readonly sqliteNextDayRunMs: number;
    readonly ratioFirstRun: number;
    readonly ratioNextDayRun: number;
    readonly wallMs: number;
  };
  readonly churn: { readonly dayBytes: number[]; readonly ratio: number };
  readonly queries: { readonly runs: number; readonly fleetViewMs: number; readonly historyAllClustersMs: number; readonly historyOneClusterMs: number };
}

function writer(target: string, objects: number, clusters: readonly string[], days: string): Promise<WriterLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/children/fleet-writer.ts', target, '--objects', String(objects), '--clusters', clusters.join(','), '--days', days], {
      cwd: ROOT,
      env: { ...process.env, PGPASSWORD: TEST_PASSWORD },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
    child.once('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as WriterLine)) : reject(new Error(`writer failed (${code}): ${err}`))));
  });
}

function slices<T>(items: readonly T[], count: number): T[][] {
  return Array.from({ length: count }, (_, index) => items.filter((_item, at) => at % count === index)).filter((slice) => slice.length > 0);
}

async function storeBytes(server: PostgresServer, url: string): Promise<number> {
  const { rows } = await server.sql(
    url,
    "SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'",
  );
  return Number((rows[0] as { bytes: string }).bytes);
}

export async function runFleetBench(options: FleetBenchOptions): Promise<FleetBenchResult> {
  const loadAverageAtStart = loadavg().map((value) => round(value));
  process.env['PGPASSWORD'] = TEST_PASSWORD;
  const server = await startPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'kv-fleet-bench-'));
  try {
    // (1) Many writers: clusters split over 4 concurrent writers, into PostgreSQL, then the same into SQLite files.
    const fleetUrl = await server.createDatabase();
    openStore(fleetUrl).close();
    const uids = Array.from({ length: options.clusters }, (_, index) => `cluster-${String(index).padStart(3, '0')}`);
    const started = Date.now();
    const pgLines = (await Promise.all(slices(uids, WRITERS).map((slice) => writer(fleetUrl, options.objects, slice, '0,1')))).flat();
    const wallMs = Date.now() - started;
    const sqliteUids = uids.slice(0, WRITERS);
    const sqliteLines = (await Promise.all(sqliteUids.map((uid) => writer(join(dir, `${uid}.db`), options.objects, [uid], '0,1')))).flat();
    const med = (lines: readonly WriterLine[], day: number): number => round(median(lines.filter((line) => line.day === day).map((line) => line.ms)));
    const perRun = {
      postgresFirstRunMs: med(pgLines, 0),
      postgresNextDayRunMs: med(pgLines, 1),
      sqliteFirstRunMs: med(sqliteLines, 0),
      sqliteNextDayRunMs: med(sqliteLines, 1),
      ratioFirstRun: 0,
      ratioNextDayRun: 0,
      wallMs,
    };
    perRun.ratioFirstRun = round(perRun.postgresFirstRunMs / perRun.sqliteFirstRunMs);
    perRun.ratioNextDayRun = round(perRun.postgresNextDayRunMs / perRun.sqliteNextDayRunMs);

    // (2) Ten days of 1 % churn for one cluster: the store's own tables, day by day.
    const churnUrl = await server.createDatabase();
    const dayBytes: number[] = [];
    for (let day = 0; day < 10; day += 1) {
      await writer(churnUrl, options.objects, ['churn-cluster'], String(day));
      dayBytes.push(await storeBytes(server, churnUrl));
    }

    // (3) History and fleet queries over many clusters' runs (small clusters: query cost follows runs, not objects).
    const historyUrl = await server.createDatabase();
    openStore(historyUrl).close();
    const historyUids = Array.from({ length: options.historyClusters }, (_, index) => `hist-${String(index).padStart(3, '0')}`);
    const days = Array.from({ length: options.historyRuns }, (_, day) => day).join(',');
    await Promise.all(slices(historyUids, WRITERS).map((slice) => writer(historyUrl, options.historyObjects, slice, days)));
    const store = openStore(historyUrl, { readonly: true });
    let queries: FleetBenchResult['queries'];
    try {
      const framework = store.latestRun()?.scores[0]?.framework ?? 'pci-dss-4.0';
      const now = new Date(Date.UTC(2026, 8, 1) + options.historyRuns * 86_400_000);
      const fleet = timeSync(() => buildFleetView(store, { now, staleAfterMs: 2 * 86_400_000, trendDays: 30, frameworks: [], worstLimit: 15 }));
      const all = timeSync(() => store.requirementHistory(framework));
      const one = timeSync(() => store.requirementHistory(framework, { clusterUid: historyUids[0] ?? '' }));
      queries = { runs: store.listRuns().length, fleetViewMs: round(fleet.ms), historyAllClustersMs: round(all.ms), historyOneClusterMs: round(one.ms) };
    } finally {
      store.close();
    }
    return {
      options,
      writers: WRITERS,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map((value) => round(value)),
      perRun,
      churn: { dayBytes, ratio: round((dayBytes.at(-1) ?? 0) / (dayBytes[0] ?? 1)) },
      queries,
    };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
