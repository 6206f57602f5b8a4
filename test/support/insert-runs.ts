/**
 * A separate process that stores runs, for the crash and concurrency tests:
 *   node --import tsx test/support/insert-runs.ts DB --days 0,2,4 [--clones N]
 * Stores one run per day (collected at that day, of the demo cluster; with --clones, of N cloned objects named
 * after the day, so every one of them is new) and prints `stored <id> <created>` after each commit.
 */
import { parseArgs } from 'node:util';
import { openStore } from '../../src/store/index.js';
import { snapshotOf } from './fixture-snapshot.js';
import { backfill, clonedDemo, day, demoObjects, imagePinned, newRunOf } from './store-runs.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { days: { type: 'string' }, clones: { type: 'string', default: '0' } } });
const [path] = positionals;
if (path === undefined || values.days === undefined) throw new Error('usage: insert-runs.ts DB --days 0,2,4 [--clones N]');
const clones = Number(values.clones);
const store = openStore(path);
for (const n of values.days.split(',').map(Number)) {
  const objects = clones > 0 ? clonedDemo(clones, `-d${n}`) : demoObjects();
  // Two writers interleave their days: out of collection order by design, so every run is a backfill.
  const { summary, created } = store.insertRun(backfill(newRunOf(snapshotOf(objects, { collectedAt: day(n) }), undefined, [imagePinned])));
  process.stdout.write(`stored ${summary.id} ${created}\n`);
}
store.close();
