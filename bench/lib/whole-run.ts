import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../../src/domain/run.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { acquireSnapshot, assess, collectionTimeOf, loadAssessmentInputs, type AssessmentInputs } from '../../src/pipeline.js';
import { buildPackModel, loadPackInput, PACK_FILES, renderPdf, writeHtml, writeTextDurably, type PackModel } from '../../src/report/index.js';
import { signerFromP12, signPack, type Signer } from '../../src/sign/index.js';
import { openStore, type EvidenceStore } from '../../src/store/index.js';
import { releaseMemory } from '../../src/release-memory.js';
import { TOOL_VERSION } from '../../src/version.js';
import { maxRssMb, type RssSampler } from './memory.js';
import { BENCH_KEY_PASSWORD } from './signing-key.js';
import { measureStage, round } from './stopwatch.js';
import type { StageResult } from './types.js';

export interface WholeRunInput {
  readonly objects: number;
  readonly kubeconfig: string;
  readonly dbPath: string;
  readonly packDir: string;
  readonly p12: Buffer;
  readonly sampler: RssSampler;
}

export interface WholeRunOutcome {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly stages: readonly StageResult[];
  readonly inputs: AssessmentInputs;
  /** The collected snapshot without its objects (identity, collector, kinds, node configurations, gaps). */
  readonly collected: CollectedFacts;
  readonly summary: RunSummary;
  readonly store: EvidenceStore;
  readonly model: PackModel;
}

/** What the rest of the bench needs of the collected snapshot: everything but the objects, and how many. */
export interface CollectedFacts {
  readonly skeleton: Snapshot;
  readonly objects: number;
}

/**
 * `kubevidence run --report --sign-key` as the target defines it, stage by stage: load checks, catalogues and the
 * signing key, collect over HTTPS, evaluate + map (assess), store, build the report model, render HTML, render
 * PDF, sign. The calls are the ones runPipeline and writeReport make, and like the command, the snapshot and the
 * findings are let go once the run is stored: the pack is rendered from the store. The report is rendered
 * format by format rather than through writeReport so that each format is timed apart, and because writeReport
 * also renders findings.json, findings.csv and the OSCAL file, which the target leaves out (measured after it).
 */
export async function measureWholeRun(input: WholeRunInput): Promise<WholeRunOutcome> {
  const { objects, sampler } = input;
  const stages: StageResult[] = [];
  const stage = async <T>(name: string, perObject: boolean, work: () => T | Promise<T>): Promise<T> => {
    const measured = await measureStage(name, perObject ? objects : null, sampler, work);
    stages.push(measured.result);
    return measured.value;
  };
  const started = performance.now();
  const { inputs, store, signer } = await stage('load inputs', false, () => ({ inputs: loadAssessmentInputs(), store: openStore(input.dbPath), signer: signerFromP12(input.p12, BENCH_KEY_PASSWORD) }));
  const { summary, collected } = await collectAndStore(input, inputs, store, stage);
  const generatedAt = new Date();
  const model = await stage('report model', true, () => packModelOf(store, summary, inputs, signer, generatedAt));
  mkdirSync(input.packDir, { recursive: true });
  // The memory releases writeReport and writePack make between the same steps (see src/release-memory.ts).
  await stage('report PDF', true, async () => {
    writeFileSync(join(input.packDir, PACK_FILES.pdf), (await renderPdf(model)).bytes);
    releaseMemory();
  });
  await stage('report HTML', true, () => {
    writeTextDurably(join(input.packDir, PACK_FILES.html), (sink) => writeHtml(model, sink));
    releaseMemory();
  });
  await stage('sign', false, () => signPack(input.packDir, signer, provenanceOf(summary, generatedAt), generatedAt));
  const ms = round(performance.now() - started);
  return { ms, maxRssMb: round(maxRssMb()), stages, inputs, collected, summary, store, model };
}

type Stage = <T>(name: string, perObject: boolean, work: () => T | Promise<T>) => Promise<T>;

/** collect → evaluate + map → store, as runPipeline does; the snapshot and the assessment die with this call. */
async function collectAndStore(input: WholeRunInput, inputs: AssessmentInputs, store: EvidenceStore, stage: Stage): Promise<{ summary: RunSummary; collected: CollectedFacts }> {
  const snapshot = await stage('collect', true, () => acquireSnapshot({ type: 'cluster', kubeconfig: input.kubeconfig, context: 'kv-test' }));
  const startedAt = new Date().toISOString();
  const collectedAt = collectionTimeOf(snapshot);
  const assessment = await stage('evaluate + map', true, () => assess(snapshot, inputs, store.listAttestations(), collectedAt));
  const { summary } = await stage('store', true, () => store.insertRun({ snapshot, assessment, startedAt, finishedAt: new Date().toISOString(), toolVersion: TOOL_VERSION }));
  return { summary, collected: { skeleton: { ...snapshot, resources: [] }, objects: snapshot.resources.length } };
}

/** What writeReport hands buildPackModel: the run and its history read back from the store. */
function packModelOf(store: EvidenceStore, summary: RunSummary, inputs: AssessmentInputs, signer: Signer, generatedAt: Date): PackModel {
  releaseMemory();
  const loaded = loadPackInput(store, inputs.catalogues, { runId: summary.id });
  const model = buildPackModel({
    ...loaded.input,
    generatedAt: generatedAt.toISOString(),
    signer: { name: signer.name, subject: signer.subject, fingerprint: signer.fingerprint },
  });
  releaseMemory();
  return model;
}

function provenanceOf(summary: RunSummary, generatedAt: Date): Parameters<typeof signPack>[2] {
  return {
    runId: summary.id,
    runHash: summary.hash,
    clusterUid: summary.clusterUid,
    clusterName: summary.clusterName,
    frameworks: summary.scores.map((score) => score.framework),
    catalogueDigest: summary.catalogueDigest,
    toolVersion: TOOL_VERSION,
    generatedAt: generatedAt.toISOString(),
  };
}

export function fileBytes(path: string): number {
  return statSync(path).size;
}
