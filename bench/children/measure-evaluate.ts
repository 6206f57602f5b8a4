/**
 * Child process: evaluateChecks against JSON.parse of the same snapshot (lib/evaluate-floor.ts), in a fresh
 * process holding only the checks, the catalogues and the snapshot the size child collected and saved.
 *
 * argv: <snapshot.json> <repetitions>
 */
import { readFileSync } from 'node:fs';
import { loadAssessmentInputs } from '../../src/pipeline.js';
import { childMain } from '../lib/child.js';
import { measureEvaluate } from '../lib/evaluate-floor.js';
import { RssSampler } from '../lib/memory.js';
import type { EvaluateResult } from '../lib/types.js';

async function main(args: readonly string[]): Promise<EvaluateResult> {
  const [path, repetitions] = args;
  if (path === undefined || repetitions === undefined) throw new Error('usage: measure-evaluate <snapshot.json> <repetitions>');
  const inputs = loadAssessmentInputs();
  const text = readFileSync(path, 'utf8');
  const sampler = new RssSampler();
  try {
    return measureEvaluate(text, inputs, Number(repetitions), sampler);
  } finally {
    await sampler.stop();
  }
}

childMain(main);
