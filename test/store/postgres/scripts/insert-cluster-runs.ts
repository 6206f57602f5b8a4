/**
 * A separate process storing runs of one cluster, for the many-writers tests:
 *   node --import tsx test/store/postgres/scripts/insert-cluster-runs.ts DB --days 0,2 [--cluster UID] [--clones N]
 * Prints `stored <id> <created>` after each commit.
 */
import { parseArgs } from 'node:util';
import { openStore } from '../../../../src/store/index.js';
import { snapshotOf } from '../../../support/fixture-snapshot.js';
import { backfill, clonedDemo, day, demoObjects, imagePinned, newRunOf } from '../../../support/store-runs.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { days: { type: 'string' }, clones: { type: 'string', default: '0' }, cluster: { type: 'string', default: 'test-cluster-uid' } },
});
const [target] = positionals;
if (target === undefined || values.days === undefined) throw new Error('usage: insert-cluster-runs.ts DB --days 0,2,4 [--cluster UID] [--clones N]');
const clones = Number(values.clones);
const store = openStore(target);
for (const n of values.days.split(',').map(Number)) {
  const objects = clones > 0 ? clonedDemo(clones, `-d${n}`) : demoObjects();
  const cluster = { uid: values.cluster, name: values.cluster, server: null, version: null };
  // Two writers interleave their days: out of collection order by design, so every run is a backfill.
  const { summary, created } = store.insertRun(backfill(newRunOf(snapshotOf(objects, { collectedAt: day(n), cluster }), undefined, [imagePinned])));
  process.stdout.write(`stored ${summary.id} ${created}\n`);
}
store.close();
