/**
 * Storage growth of the evidence store on a synthetic cluster (microservices-demo objects cloned with varied
 * names). Not a test and not timed: run it to see the numbers the targets talk about.
 *
 *   node --import tsx test/store/measure-storage.ts [--generator demo|bench] [--objects 50000] [--runs 10]
 *     [--churn 0.01] [--requirements 1000] [--every 1]
 *
 * Prints the database size after the first run, the growth from a second, unchanged run, and the size after
 * each further run with `churn` of the objects changed, as a ratio of the first run's size. Generators:
 * `demo` clones the microservices-demo objects with varied names (churn: a new image tag and resourceVersion);
 * `bench` is the benchmark's synthetic cluster (bench/generate-cluster.ts; churn: a label bumped per day).
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RequirementResult } from '../../src/domain/catalogue.js';
import { generateCluster } from '../../bench/generate-cluster.js';
import type { KubeObject, NodeConfig } from '../../src/domain/snapshot.js';
import type { RequirementStatus } from '../../src/domain/status.js';
import { openStore } from '../../src/store/index.js';
import { snapshotOf } from '../support/fixture-snapshot.js';
import { demoObjects, newRunOf, result, tempDir, TEST_CHECKS } from './support/runs.js';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '10' },
    churn: { type: 'string', default: '0.01' },
    requirements: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
    generator: { type: 'string', default: 'demo' },
    every: { type: 'string', default: '1' },
  },
});
const objectCount = Number(values.objects);
const churnRuns = Number(values.runs);
const churn = Number(values.churn);
const requirementCount = Number(values.requirements);
const reportEvery = Number(values.every);
const useBench = values.generator === 'bench';

/** `count` objects: the demo's 35, cloned into namespaces of ~100 objects each, names made unique per clone. */
function syntheticCluster(count: number): KubeObject[] {
  const seed = demoObjects();
  return Array.from({ length: count }, (_, index) => {
    const template = seed[index % seed.length] as KubeObject;
    const clone = Math.floor(index / seed.length);
    const text = JSON.stringify(template).replaceAll(`"${template.metadata.name}"`, `"${template.metadata.name}-${clone}"`);
    const object = JSON.parse(text) as KubeObject;
    const metadata = {
      ...object.metadata,
      namespace: `team-${Math.floor(clone / 3)}`,
      uid: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
      resourceVersion: String(1000 + index),
      creationTimestamp: '2026-01-01T00:00:00Z',
    };
    return { ...object, metadata };
  });
}

/** Changes `share` of the objects, a different slice each run: a new image tag and resourceVersion. */
function churned(objects: KubeObject[], run: number, share: number): KubeObject[] {
  const changes = Math.round(objects.length * share);
  const start = (run * changes * 7919) % objects.length;
  const next = [...objects];
  for (let offset = 0; offset < changes; offset += 1) {
    const index = (start + offset) % objects.length;
    const text = JSON.stringify(next[index]).replace(/:v\d+\.\d+\.\d+"/g, `:v1.${run}.0"`);
    const object = JSON.parse(text) as KubeObject;
    next[index] = { ...object, metadata: { ...object.metadata, resourceVersion: String(1_000_000 + run * objects.length + index) } };
  }
  return next;
}

const FRAMEWORKS = ['pci-dss-4.0', 'hipaa-security-rule', 'soc2-tsc-2017', 'nist-800-53-r5', 'nist-800-190', 'cis-kubernetes-1.10', 'nsa-cisa-hardening-1.2', 'pod-security-standards'];
const STATUSES: readonly RequirementStatus[] = ['pass', 'pass', 'pass', 'fail', 'manual', 'unknown'];

function syntheticResults(run: number): RequirementResult[] {
  return Array.from({ length: requirementCount }, (_, index) => {
    const framework = FRAMEWORKS[index % FRAMEWORKS.length] as string;
    // About 1% of requirements change status per run.
    const flip = (index * 31 + run) % 100 === 0 ? 1 : 0;
    return result(framework, `${Math.floor(index / FRAMEWORKS.length) + 1}.${index % 7}`, STATUSES[(index + flip) % STATUSES.length] as RequirementStatus);
  });
}

function sizeOf(path: string): number {
  // The store is closed between runs, which checkpoints the WAL into the main file and removes it.
  return statSync(path).size;
}

const MB = 1024 * 1024;
const dir = tempDir();
const path = dir.file('measure.db');
let objects = useBench ? [] : syntheticCluster(objectCount);

/** The cluster as of churn day `day` (days 0 and 1 are the same, unchanged cluster). */
function clusterOn(day: number): { resources: KubeObject[]; nodeConfigs: NodeConfig[] } {
  if (useBench) return generateCluster({ objects: objectCount, day: Math.max(0, day - 1), churn });
  if (day >= 2) objects = churned(objects, day, churn);
  return { resources: objects, nodeConfigs: [] };
}

/** Stores the run of `day`; the time reported is insertRun alone (evaluation excluded). */
function storeRun(day: number): { findings: number; ms: number } {
  const { resources, nodeConfigs } = clusterOn(day);
  const snapshot = snapshotOf(resources, { collectedAt: new Date(Date.UTC(2026, 0, 1 + day)).toISOString(), nodeConfigs });
  const newRun = newRunOf(snapshot, syntheticResults(day));
  const started = Date.now();
  const store = openStore(path);
  store.insertRun(newRun);
  store.close();
  return { findings: newRun.assessment.findings.length, ms: Date.now() - started };
}

const first = storeRun(0);
const firstSize = sizeOf(path);
console.log(`generator ${values.generator}, objects ${objectCount}, findings per run ${first.findings} (${TEST_CHECKS.length} checks), requirement results ${requirementCount}`);
console.log(`run 1 (first):      ${(firstSize / MB).toFixed(2)} MB  [insert ${first.ms} ms]`);
const second = storeRun(1);
const secondSize = sizeOf(path);
console.log(`run 2 (unchanged): +${((secondSize - firstSize) / 1024).toFixed(1)} KB = ${(((secondSize - firstSize) / firstSize) * 100).toFixed(3)}% of run 1  [insert ${second.ms} ms]`);
for (let run = 2; run < 2 + churnRuns; run += 1) {
  const timing = storeRun(run);
  const size = sizeOf(path);
  if ((run - 1) % reportEvery === 0 || run === 1 + churnRuns) {
    console.log(`run ${run + 1} (${churn * 100}% churn): ${(size / MB).toFixed(2)} MB = ${(size / firstSize).toFixed(3)}x run 1  [insert ${timing.ms} ms]`);
  }
}
const store = openStore(path, { readonly: true });
const verified = store.verifyChain();
console.log(`chain: ${verified.ok ? 'ok' : 'BROKEN'} over ${verified.runsChecked} runs`);
store.close();
if (values.keep) console.log(`kept ${path}`);
else dir.remove();
