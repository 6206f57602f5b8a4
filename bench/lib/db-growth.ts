import type { Assessment } from '../../src/domain/run.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { assess, type AssessmentInputs } from '../../src/pipeline.js';
import { openStore } from '../../src/store/index.js';
import { TOOL_VERSION } from '../../src/version.js';
import { snapshotOfDay } from './cluster.js';
import { databaseBytes } from './db-size.js';
import { median, round, timeSync } from './stopwatch.js';
import type { DatabaseResult } from './types.js';

const DAY_MS = 86_400_000;
/** Days 0..9: ten daily runs, each about 1% of the objects changed from the day before. */
const CHURN_DAYS = 10;

export interface GrowthInput {
  readonly objects: number;
  readonly inputs: AssessmentInputs;
  readonly snapshot: Snapshot;
  readonly assessment: Assessment;
  /** The whole run's database, closed, holding exactly the first run. */
  readonly dbPath: string;
  /** A fresh file for the ten churned runs. */
  readonly churnDbPath: string;
}

/**
 * How the database grows: a second run of an unchanged cluster a day later (everything content-addressed
 * should already be stored: only the run row, its id lists and its per-requirement rows are new), and ten daily
 * runs at 1% churn (the generator's `day`), each evaluated for real.
 */
export function measureDatabaseGrowth(input: GrowthInput): DatabaseResult {
  const firstRunBytes = databaseBytes(input.dbPath);
  insertAt(input.dbPath, input.snapshot, input.assessment, 1);
  const afterUnchangedRunBytes = databaseBytes(input.dbPath);
  const churn = measureChurn(input);
  const first = churn.sizes[0] ?? Number.NaN;
  return {
    firstRunBytes,
    afterUnchangedRunBytes,
    unchangedGrowthPct: Math.round(((afterUnchangedRunBytes - firstRunBytes) / firstRunBytes) * 10_000) / 100,
    churnRunBytes: churn.sizes,
    churnRatio: Math.round(((churn.sizes.at(-1) ?? Number.NaN) / first) * 1000) / 1000,
    churnInsertMs: round(median(churn.insertMs)),
  };
}

function measureChurn(input: GrowthInput): { sizes: number[]; insertMs: number[] } {
  const sizes: number[] = [];
  const insertMs: number[] = [];
  insertAt(input.churnDbPath, input.snapshot, input.assessment, 0);
  sizes.push(databaseBytes(input.churnDbPath));
  for (let day = 1; day < CHURN_DAYS; day += 1) {
    const collectedAt = shifted(input.assessment.collectedAt, day);
    const snapshot = snapshotOfDay(input.snapshot, input.objects, day, collectedAt);
    const assessment = assess(snapshot, input.inputs, [], collectedAt);
    insertMs.push(insertAt(input.churnDbPath, snapshot, assessment, 0));
    sizes.push(databaseBytes(input.churnDbPath));
  }
  return { sizes, insertMs };
}

/**
 * Stores one run `days` after the given one's collection time, in its own open/close of the store, so that the
 * size read afterwards is checkpointed. Returns the insert time.
 */
function insertAt(dbPath: string, snapshot: Snapshot, assessment: Assessment, days: number): number {
  const collectedAt = shifted(assessment.collectedAt, days);
  const store = openStore(dbPath);
  try {
    const now = new Date().toISOString();
    const insert = timeSync(() =>
      store.insertRun({ snapshot: { ...snapshot, collectedAt }, assessment: { ...assessment, collectedAt }, startedAt: now, finishedAt: now, toolVersion: TOOL_VERSION }),
    );
    if (!insert.value.created) throw new Error(`run at ${collectedAt} was not stored: the store found it already there`);
    return insert.ms;
  } finally {
    store.close();
  }
}

function shifted(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}
