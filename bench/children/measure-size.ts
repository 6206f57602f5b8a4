/**
 * Child process: what is measured for one cluster size against the HTTPS API server. The whole run comes first,
 * so that the process's maxRSS read at its end is the run's own peak; the other pack formats and the database
 * growth come after it. The snapshot (re-assembled, digest-checked) is saved as compact JSON for the
 * evaluate-vs-JSON.parse child.
 *
 * argv: <objects> <kubeconfig> <outDir>
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { assess } from '../../src/pipeline.js';
import { PACK_FILES } from '../../src/report/index.js';
import { snapshotDigestOf } from '../../src/store/index.js';
import { childMain } from '../lib/child.js';
import { BENCH_SEED, snapshotOfDay } from '../lib/cluster.js';
import { measureDatabaseGrowth } from '../lib/db-growth.js';
import { RssSampler } from '../lib/memory.js';
import { SNAPSHOT_FILE } from '../lib/out-files.js';
import { measurePackFormats } from '../lib/pack-formats.js';
import { freshSigningKey } from '../lib/signing-key.js';
import type { SizeChildResult, SizeResult } from '../lib/types.js';
import { fileBytes, measureWholeRun, type WholeRunOutcome } from '../lib/whole-run.js';

async function main(args: readonly string[]): Promise<SizeChildResult> {
  const [objectsArg, kubeconfig, outDir] = args;
  if (objectsArg === undefined || kubeconfig === undefined || outDir === undefined) throw new Error('usage: measure-size <objects> <kubeconfig> <outDir>');
  const objects = Number(objectsArg);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const key = freshSigningKey(new Date());
  const sampler = new RssSampler();
  const dbPath = join(outDir, 'kubevidence.db');
  const packDir = join(outDir, 'pack');
  const run = await measureWholeRun({ objects, kubeconfig, dbPath, packDir, p12: key.p12, sampler });
  run.store.close();
  log(objects, `whole run ${(run.ms / 1000).toFixed(1)} s, max RSS ${run.maxRssMb.toFixed(0)} MB`);
  const otherFormats = measurePackFormats(run.model, packDir, sampler);
  log(objects, otherFormats.map((format) => `${format.format} ${format.error ?? `${format.ms} ms`}`).join('; '));
  // The whole run let its snapshot go, as the command does; the generator gives the same objects again, and the
  // stored digest proves it (collect.matchesAssembledSnapshot), so later measurements use that copy.
  const snapshot = snapshotOfDay(run.collected.skeleton, objects, 0, run.collected.skeleton.collectedAt ?? '');
  writeFileSync(join(outDir, SNAPSHOT_FILE), JSON.stringify(snapshot));
  const assessment = assess(snapshot, run.inputs, [], run.summary.collectedAt);
  const database = measureDatabaseGrowth({ objects, inputs: run.inputs, snapshot, assessment, dbPath, churnDbPath: join(outDir, 'churn.db') });
  log(objects, `database ${(database.firstRunBytes / 1e6).toFixed(1)} MB, +${database.unchangedGrowthPct}% unchanged, x${database.churnRatio} after 10 churned runs`);
  await sampler.stop();
  return {
    objects,
    seed: BENCH_SEED,
    wholeRun: { ms: run.ms, maxRssMb: run.maxRssMb, stages: run.stages },
    collect: collectFacts(run, snapshot),
    keygenMs: Math.round(key.ms),
    report: { htmlBytes: fileBytes(join(packDir, PACK_FILES.html)), pdfBytes: fileBytes(join(packDir, PACK_FILES.pdf)), otherFormats },
    database,
  };
}

function collectFacts(run: WholeRunOutcome, assembled: Snapshot): SizeResult['collect'] {
  return {
    objects: run.collected.objects,
    gaps: run.collected.skeleton.gaps.length,
    nodeConfigs: run.collected.skeleton.nodeConfigs.length,
    matchesAssembledSnapshot: snapshotDigestOf(assembled) === run.summary.snapshotDigest,
  };
}

function log(objects: number, message: string): void {
  console.error(`  [${objects.toLocaleString('en')}] ${message}`);
}

childMain(main);
