/**
 * Child process: scoreTrend + requirementHistory over a year of daily runs, as writeReport asks for them (every
 * framework, until the run reported on).
 *
 * A year of 50k-object runs would take the bench an hour to insert, and the history queries read only the
 * per-run score and requirement-status rows, whose number depends on the catalogues (the same ~300 requirements
 * whatever the cluster size), not on the objects. So the 365 runs are of a small generated cluster (200 objects),
 * alternating weekly between two variants (seeds) so that requirement statuses change and the time-to-remediate
 * arithmetic has real transitions to walk.
 *
 * argv: <outDir>
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Assessment } from '../../src/domain/run.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { assess, loadAssessmentInputs, type AssessmentInputs } from '../../src/pipeline.js';
import { openStore, type EvidenceStore, type RunQuery } from '../../src/store/index.js';
import { TOOL_VERSION } from '../../src/version.js';
import { childMain } from '../lib/child.js';
import { offlineSnapshot } from '../lib/cluster.js';
import { databaseBytes } from '../lib/db-size.js';
import { median, round, timeSync } from '../lib/stopwatch.js';
import type { HistoryResult } from '../lib/types.js';

const RUNS = 365;
const OBJECTS = 200;
const REPETITIONS = 7;
const FIRST_DAY = Date.parse('2026-01-01T02:00:00.000Z');
const DAY_MS = 86_400_000;
const VARIANT_SEEDS = [42, 43] as const;

async function main(args: readonly string[]): Promise<HistoryResult> {
  const outDir = args[0];
  if (outDir === undefined) throw new Error('usage: measure-history <outDir>');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const dbPath = join(outDir, 'history.db');
  const inputs = loadAssessmentInputs();
  const store = openStore(dbPath);
  try {
    const inserted = timeSync(() => insertYear(store, inputs));
    const frameworks = inputs.catalogues.map((catalogue) => catalogue.id);
    const query: RunQuery = { clusterUid: inserted.value, until: dayAt(RUNS - 1) };
    const timings = measureQueries(store, frameworks, query);
    store.close();
    return { runs: RUNS, objectsPerRun: OBJECTS, frameworks: frameworks.length, insertMs: Math.round(inserted.ms), databaseBytes: databaseBytes(dbPath), repetitions: REPETITIONS, ...timings };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** Inserts the year of runs; returns the cluster uid they were stored under. */
function insertYear(store: EvidenceStore, inputs: AssessmentInputs): string {
  const variants = VARIANT_SEEDS.map((seed) => variantOf(seed, inputs));
  let clusterUid = '';
  for (let day = 0; day < RUNS; day += 1) {
    const variant = variants[Math.floor(day / 7) % variants.length];
    if (variant === undefined) throw new Error('no variant');
    const collectedAt = dayAt(day);
    const outcome = store.insertRun({
      snapshot: { ...variant.snapshot, collectedAt },
      assessment: { ...variant.assessment, collectedAt },
      startedAt: collectedAt,
      finishedAt: collectedAt,
      toolVersion: TOOL_VERSION,
    });
    clusterUid = outcome.summary.clusterUid;
  }
  return clusterUid;
}

function variantOf(seed: number, inputs: AssessmentInputs): { snapshot: Snapshot; assessment: Assessment } {
  const snapshot = offlineSnapshot(OBJECTS, { seed, collectedAt: dayAt(0) });
  return { snapshot, assessment: assess(snapshot, inputs, [], dayAt(0)) };
}

function measureQueries(store: EvidenceStore, frameworks: readonly string[], query: RunQuery): Pick<HistoryResult, 'queryMs' | 'scoreTrendMs' | 'requirementHistoryMs' | 'trendPoints' | 'historyRows'> {
  const trend: number[] = [];
  const history: number[] = [];
  let trendPoints = 0;
  let historyRows = 0;
  for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
    const points = timeSync(() => frameworks.flatMap((framework) => store.scoreTrend(framework, query)));
    const rows = timeSync(() => frameworks.flatMap((framework) => store.requirementHistory(framework, query)));
    trend.push(points.ms);
    history.push(rows.ms);
    trendPoints = points.value.length;
    historyRows = rows.value.length;
  }
  const totals = trend.map((ms, index) => ms + (history[index] ?? 0));
  return { queryMs: round(median(totals)), scoreTrendMs: round(median(trend)), requirementHistoryMs: round(median(history)), trendPoints, historyRows };
}

function dayAt(day: number): string {
  return new Date(FIRST_DAY + day * DAY_MS).toISOString();
}

childMain(main);
