/**
 * One collector of the fleet bench: stores runs of the clusters it is given into one store (PostgreSQL URL or
 * SQLite file), each an evaluated snapshot of the generated cluster with its own cluster UID, and prints one
 * JSON line per stored run: {"cluster":…, "day":…, "ms":…}.
 *   node --import tsx bench/children/fleet-writer.ts TARGET --objects 5000 --clusters c1,c2 --days 0,1
 */
import { parseArgs } from 'node:util';
import { assess, loadAssessmentInputs } from '../../src/pipeline.js';
import { openStore } from '../../src/store/index.js';
import { TOOL_VERSION } from '../../src/version.js';
import { offlineSnapshot, snapshotOfDay } from '../lib/cluster.js';
import { timeSync } from '../lib/stopwatch.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { objects: { type: 'string' }, clusters: { type: 'string' }, days: { type: 'string', default: '0' } },
});
const [target] = positionals;
if (target === undefined || values.objects === undefined || values.clusters === undefined) throw new Error('usage: fleet-writer.ts TARGET --objects N --clusters a,b [--days 0,1]');
const objects = Number(values.objects);
const inputs = loadAssessmentInputs();
const start = Date.UTC(2026, 8, 1);
const base = offlineSnapshot(objects, { collectedAt: new Date(start).toISOString() });
// One evaluated snapshot per day, shared by every cluster of this writer (only the cluster identity differs).
const days = values.days.split(',').map(Number);
const evaluated = new Map(
  days.map((day) => {
    const collectedAt = new Date(start + day * 86_400_000).toISOString();
    const snapshot = day === 0 ? base : snapshotOfDay(base, objects, day % 10, collectedAt);
    return [day, { snapshot: { ...snapshot, collectedAt }, assessment: assess(snapshot, inputs, [], collectedAt) }] as const;
  }),
);
const store = openStore(target);
try {
  for (const uid of values.clusters.split(',')) {
    for (const day of days) {
      const { snapshot, assessment } = evaluated.get(day) as NonNullable<ReturnType<typeof evaluated.get>>;
      const cluster = { ...snapshot.cluster, uid, name: uid };
      const now = new Date().toISOString();
      const { ms } = timeSync(() =>
        store.insertRun({ snapshot: { ...snapshot, cluster }, assessment: { ...assessment, cluster }, startedAt: now, finishedAt: now, toolVersion: TOOL_VERSION }),
      );
      process.stdout.write(`${JSON.stringify({ cluster: uid, day, ms: Math.round(ms * 10) / 10 })}\n`);
    }
  }
} finally {
  store.close();
}
