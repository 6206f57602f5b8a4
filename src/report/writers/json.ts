import { findingJsonOf, toEvaluationJson, type EvaluationJson } from '../../contracts/evaluation-report.js';
import type { PackModel, Provenance, RequirementSection } from '../model/model-types.js';
import type { RemediationItem } from '../model/remediation.js';
import { jsonToBuffer, streamedMap, writeJson, type StreamedArray } from './io/json-writer.js';
import type { TextSink } from './io/text-sink.js';

/** Version of what findings.json adds to the evaluate contract; bumped on any rename, removal or change of meaning. */
const PACK_JSON_VERSION = 1;

/**
 * findings.json: exactly the `kubevidence evaluate --format json` contract (checks, findings, gaps, waivers; see
 * checks/evaluation-report.ts) so scripts written for one read the other, plus what the pack adds: the run it
 * came from, requirement results, scores, the ranked remediation plan and the attack surface. `findingIds[i]` is
 * the pack's id (CSV `id` column, PDF appendix) of `findings[i]`.
 */
export interface FindingsJson extends EvaluationJson {
  readonly pack: { readonly version: number; readonly provenance: Provenance; readonly period: PackModel['cover']['period'] };
  readonly findingIds: readonly string[];
  readonly requirements: readonly RequirementJson[];
  readonly scores: PackModel['source']['scores'];
  readonly remediation: { readonly formula: string; readonly items: readonly RemediationItem[] };
  readonly attackSurface: PackModel['attackSurface'];
}

/** FindingsJson as it is written: the two per-finding arrays are made while they are written, never held whole. */
export type StreamedFindingsJson = Omit<FindingsJson, 'findings' | 'findingIds'> & {
  readonly findings: StreamedArray<FindingsJson['findings'][number]>;
  readonly findingIds: StreamedArray<string>;
};

interface RequirementJson {
  readonly framework: string;
  readonly requirement: string;
  readonly title: string;
  readonly status: RequirementSection['status'];
  readonly statusLabel: string;
  readonly basis: RequirementSection['basis'];
  readonly checks: readonly string[];
  readonly counts: RequirementSection['counts'];
  readonly worstSeverity: RequirementSection['worstSeverity'];
  readonly fullyEvidenced: boolean;
  readonly summary: string;
  readonly attestations: readonly string[];
  readonly outstandingManualEvidence: readonly string[];
  readonly history: RequirementSection['history'];
}

export function findingsJsonOf(model: PackModel): StreamedFindingsJson {
  const { checks, findings, gaps, waivers } = model.source;
  const evaluation = toEvaluationJson({ checks, findings: [], gaps, waivers });
  return {
    schemaVersion: evaluation.schemaVersion,
    checks: evaluation.checks,
    findings: streamedMap(findings, findingJsonOf),
    gaps: evaluation.gaps,
    waivers: evaluation.waivers,
    pack: { version: PACK_JSON_VERSION, provenance: model.provenance, period: model.cover.period },
    findingIds: streamedMap(model.findings, (row) => row.id),
    requirements: model.frameworks.flatMap((framework) => framework.requirements.map(requirementJsonOf)),
    scores: model.source.scores,
    remediation: { formula: model.remediation.formula, items: model.remediation.items },
    attackSurface: model.attackSurface,
  };
}

function requirementJsonOf(section: RequirementSection): RequirementJson {
  return {
    framework: section.framework,
    requirement: section.id,
    title: section.title,
    status: section.status,
    statusLabel: section.statusLabel,
    basis: section.basis,
    checks: section.checks.map((check) => check.id),
    counts: section.counts,
    worstSeverity: section.worstSeverity,
    fullyEvidenced: section.fullyEvidenced,
    summary: section.summary,
    attestations: section.attestations.map((attestation) => attestation.id),
    outstandingManualEvidence: section.outstandingManualEvidence,
    history: section.history,
  };
}

/** The file's text: two-space indented, trailing newline, keys in a fixed order. */
export function writeFindingsJson(model: PackModel, sink: TextSink): void {
  writeJson(findingsJsonOf(model), sink);
}

export function renderFindingsJson(model: PackModel): Buffer {
  return jsonToBuffer(findingsJsonOf(model));
}
