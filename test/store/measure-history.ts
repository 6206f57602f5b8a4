/**
 * Query speed of history over a year of daily runs (not a test and not timed in CI: run it to see the numbers).
 *
 *   node --import tsx test/store/measure-history.ts [--runs 365] [--requirements 1200]
 *
 * Stores `runs` daily runs of the demo cluster, each with `requirements` results spread over eight frameworks
 * (the largest, nist-800-53-r5, holding about a third), about 1% of them changing status per run; then times
 * scoreTrend and requirementHistory for each framework over the whole year.
 */
import { parseArgs } from 'node:util';
import type { RequirementResult } from '../../src/domain/catalogue.js';
import type { RequirementStatus } from '../../src/domain/status.js';
import { openStore } from '../../src/store/index.js';
import { snapshotOf } from '../support/fixture-snapshot.js';
import { day, demoObjects, imagePinned, newRunOf, result, tempDir } from './support/runs.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '365' }, requirements: { type: 'string', default: '1200' }, keep: { type: 'boolean', default: false } } });
const runCount = Number(values.runs);
const requirementCount = Number(values.requirements);
const FRAMEWORKS = ['nist-800-53-r5', 'nist-800-53-r5', 'nist-800-53-r5', 'pci-dss-4.0', 'hipaa-security-rule', 'soc2-tsc-2017', 'cis-kubernetes-1.10', 'nsa-cisa-hardening-1.2', 'pod-security-standards'];
const STATUSES: readonly RequirementStatus[] = ['pass', 'pass', 'pass', 'fail', 'manual', 'unknown'];

function resultsOf(run: number): RequirementResult[] {
  return Array.from({ length: requirementCount }, (_, index) => {
    const flip = (index * 31 + run) % 100 === 0 ? 1 : 0;
    return result(FRAMEWORKS[index % FRAMEWORKS.length] as string, `${index % 50}.${index}`, STATUSES[(index + flip + Math.floor(run / 30)) % STATUSES.length] as RequirementStatus);
  });
}

const dir = tempDir();
const store = openStore(dir.file('history.db'));
const objects = demoObjects();
for (let run = 0; run < runCount; run += 1) store.insertRun(newRunOf(snapshotOf(objects, { collectedAt: day(run) }), resultsOf(run), [imagePinned]));

for (const framework of [...new Set(FRAMEWORKS)]) {
  const started = process.hrtime.bigint();
  const trend = store.scoreTrend(framework);
  const history = store.requirementHistory(framework);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${framework.padEnd(24)} ${trend.length} runs, ${String(history.length).padStart(4)} requirements: trend + history ${ms.toFixed(1)} ms`);
}
store.close();
if (process.argv.includes('--keep')) console.log(`kept ${dir.file('history.db')}`);
else dir.remove();
