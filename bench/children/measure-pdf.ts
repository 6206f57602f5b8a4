/**
 * Child process: report.pdf of a run with at least 5,000 failing findings — the pack an auditor gets for a
 * neglected cluster. The run is real (generated cluster, evaluated, stored); the cluster is sized from the
 * failing-findings rate of a small one, and grown until the run has at least the target.
 *
 * This process only prepares the database. The report itself is measured in a fresh child (measure-pdf-report)
 * that does what `kubevidence report` does — open the store, read the run, build the model, render — so the
 * generated snapshot and the assessment, which the real command never holds, are not in its time or its RSS.
 *
 * argv: <outDir>
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Assessment } from '../../src/domain/run.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { assess, loadAssessmentInputs, type AssessmentInputs } from '../../src/pipeline.js';
import { openStore } from '../../src/store/index.js';
import { TOOL_VERSION } from '../../src/version.js';
import { childMain, runChild } from '../lib/child.js';
import { offlineSnapshot } from '../lib/cluster.js';
import type { PdfReportResult, PdfResult } from '../lib/types.js';

const TARGET_FAILING = 5_000;
/** Near the answer already (about 0.48 failing findings per object), so one correction usually lands within 2%. */
const PROBE_OBJECTS = 10_000;
const COLLECTED_AT = '2026-03-31T02:00:00.000Z';

async function main(args: readonly string[]): Promise<PdfResult> {
  const outDir = args[0];
  if (outDir === undefined) throw new Error('usage: measure-pdf <outDir>');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const database = join(outDir, 'pdf.db');
  const prepared = prepareRun(database);
  const report = await runChild<PdfReportResult>('measure-pdf-report', [database, String(prepared.runId)]);
  return { objects: prepared.objects, failingFindings: prepared.failingFindings, ...report };
}

/** Generates, assesses and stores the run; only its id and size leave this function, the snapshot does not. */
function prepareRun(database: string): { objects: number; failingFindings: number; runId: number } {
  const { objects, snapshot, assessment } = runWithFailing(loadAssessmentInputs(), TARGET_FAILING);
  const store = openStore(database);
  try {
    const { summary } = store.insertRun({ snapshot, assessment, startedAt: COLLECTED_AT, finishedAt: COLLECTED_AT, toolVersion: TOOL_VERSION });
    return { objects, failingFindings: failingOf(assessment), runId: summary.id };
  } finally {
    store.close();
  }
}

/**
 * A generated cluster whose run has at least `target` failing findings and at most 2% more: sized from a small
 * probe's failing rate, then corrected (the rate drifts with size: the control plane and cluster RBAC are fixed).
 */
function runWithFailing(inputs: AssessmentInputs, target: number): { objects: number; snapshot: Snapshot; assessment: Assessment } {
  const probe = assessSize(inputs, PROBE_OBJECTS);
  let objects = roundToHundreds((target / Math.max(1, failingOf(probe.assessment))) * PROBE_OBJECTS);
  let best: { objects: number; snapshot: Snapshot; assessment: Assessment } | undefined;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const candidate = { objects, ...assessSize(inputs, objects) };
    const failing = failingOf(candidate.assessment);
    if (failing >= target && (best === undefined || candidate.objects < best.objects)) best = candidate;
    if (failing >= target && failing <= target * 1.02) break;
    objects = roundToHundreds(objects * (failing >= target ? target / failing : (target / Math.max(1, failing)) * 1.01));
  }
  if (best === undefined) throw new Error(`no generated cluster reached ${target} failing findings`);
  return best;
}

function roundToHundreds(value: number): number {
  return Math.max(1_000, Math.ceil(value / 100) * 100);
}

function assessSize(inputs: AssessmentInputs, objects: number): { snapshot: Snapshot; assessment: Assessment } {
  const snapshot = offlineSnapshot(objects, { collectedAt: COLLECTED_AT });
  return { snapshot, assessment: assess(snapshot, inputs, [], COLLECTED_AT) };
}

function failingOf(assessment: Assessment): number {
  return assessment.findings.filter((finding) => finding.status === 'fail').length;
}

childMain(main);
