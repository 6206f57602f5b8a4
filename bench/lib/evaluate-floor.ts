import { deriveResults, scoreFrameworks } from '../../src/catalog/index.js';
import { evaluateChecks } from '../../src/checks/engine.js';
import type { CheckMetadata } from '../../src/domain/check.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import type { AssessmentInputs } from '../../src/pipeline.js';
import { settledHeapBytes, type RssSampler } from './memory.js';
import { median, round, timeSync } from './stopwatch.js';
import type { EvaluateResult } from './types.js';

const MB = 1_000_000;
/**
 * Evaluations before the timed ones. The first call runs mostly unoptimised code (V8 compiles the check functions
 * as they get hot), so it is reported apart as the cold time; after three, the timings have settled. A
 * long-running `schedule` evaluates warm; a one-shot `run` pays the cold time once.
 */
const WARM_UP_EVALUATIONS = 3;

/**
 * evaluateChecks against the floor it is compared with: JSON.parse of the same snapshot, serialised. Runs in a
 * process of its own holding little more than the snapshot, so that neither side pays for a big heap left by
 * other stages (GC time grows with the live heap, and JSON.parse of 34 MB is mostly allocation). Evaluations
 * warm the code up first (the first is timed as the cold figure); then parse and evaluate alternate, so load from others falls on both alike, and the
 * medians are kept. Heap figures are heapUsed after forced GC, before vs after, with the result kept alive.
 */
export function measureEvaluate(text: string, inputs: AssessmentInputs, repetitions: number, sampler: RssSampler): EvaluateResult {
  const snapshot = JSON.parse(text) as Snapshot;
  const cold = timeSync(() => evaluateChecks(snapshot, inputs.checks, inputs.inputs)).ms;
  for (let index = 1; index < WARM_UP_EVALUATIONS; index += 1) evaluateChecks(snapshot, inputs.checks, inputs.inputs);
  const parseTimes: number[] = [];
  const evaluateTimes: number[] = [];
  for (let index = 0; index < repetitions; index += 1) {
    parseTimes.push(timeSync(() => JSON.parse(text) as unknown).ms);
    evaluateTimes.push(timeSync(() => evaluateChecks(snapshot, inputs.checks, inputs.inputs)).ms);
  }
  const parse = { ms: median(parseTimes), heapBytes: parsedHeapBytes(text) };
  const evaluation = { ms: median(evaluateTimes), ...evaluationMemory(snapshot, inputs, sampler) };
  const findings = evaluation.findings;
  // A check definition is its metadata plus `evaluate`; map reads the metadata only.
  const checks: readonly CheckMetadata[] = inputs.checks;
  const map = timeSync(() => {
    const results = deriveResults(findings, inputs.catalogues, [], new Date(snapshot.collectedAt ?? 0), checks);
    return scoreFrameworks(results, findings, checks);
  });
  return {
    checks: inputs.checks.length,
    findings: findings.length,
    failing: findings.filter((finding) => finding.status === 'fail').length,
    repetitions,
    evaluateMs: round(evaluation.ms),
    coldEvaluateMs: round(cold),
    mapMs: round(map.ms),
    snapshotJsonBytes: Buffer.byteLength(text),
    jsonParseMs: round(parse.ms),
    evaluateToParseRatio: Math.round((evaluation.ms / parse.ms) * 100) / 100,
    coldEvaluateToParseRatio: Math.round((cold / parse.ms) * 100) / 100,
    parsedSnapshotHeapMb: round(parse.heapBytes / MB),
    evaluationHeapMb: round(evaluation.heapBytes / MB),
    evaluationPeakRssGrowthMb: round(evaluation.peakRssGrowthMb),
  };
}

/** Heap a parsed copy of the snapshot occupies. */
function parsedHeapBytes(text: string): number {
  const before = settledHeapBytes();
  const parsed = JSON.parse(text) as unknown;
  const after = settledHeapBytes();
  // Used after the reading, so the parsed value is provably alive when the heap is measured.
  if (parsed === null) throw new Error('JSON.parse returned nothing');
  return after - before;
}

/** Heap the evaluation result keeps, and how far RSS rises while one evaluation runs. */
function evaluationMemory(snapshot: Snapshot, inputs: AssessmentInputs, sampler: RssSampler): { heapBytes: number; peakRssGrowthMb: number; findings: readonly Finding[] } {
  const before = settledHeapBytes();
  const rssBefore = process.memoryUsage.rss() / MB;
  sampler.reset();
  const findings = evaluateChecks(snapshot, inputs.checks, inputs.inputs);
  const peakRssGrowthMb = sampler.peakMb() - rssBefore;
  return { heapBytes: settledHeapBytes() - before, peakRssGrowthMb, findings };
}
