import { createHash } from 'node:crypto';
import type { CheckMetadata } from '../../domain/check.js';
import type { Evidence, Finding } from '../../domain/finding.js';
import type { JsonValue } from '../../domain/json.js';
import { describeRef, type ResourceRef } from '../../domain/snapshot.js';
import { severityRank, type FindingStatus } from '../../domain/status.js';
import type { FindingRow } from './model-types.js';

/** One use of a check by a reported requirement. */
export interface CheckUse {
  readonly framework: string;
  readonly requirement: string;
}

/** Longest observed value shown in an evidence excerpt; the full value is in findings.json. */
const OBSERVED_DISPLAY_LIMIT = 160;

/**
 * One display row per finding, in run order, with a stable id. The id hashes check and subject so the same
 * problem keeps its id from run to run; a second finding of the same check on the same subject (a check
 * reporting two missing kinds on the cluster) gets a numbered suffix, so ids stay unique and deterministic.
 */
export function buildFindingRows(
  findings: readonly Finding[],
  checks: ReadonlyMap<string, CheckMetadata>,
  uses: ReadonlyMap<string, readonly CheckUse[]>,
): { rows: FindingRow[]; ids: Map<Finding, string> } {
  const seen = new Map<string, number>();
  const ids = new Map<Finding, string>();
  // Every finding of a check rests on the same requirements: one pair of lists per check, shared by its rows
  // (a 50,000-object run has 200,000 findings and only ~120 checks).
  const mapping = new Map<string, { frameworks: readonly string[]; requirements: readonly string[] }>();
  const mappingOf = (check: string): { frameworks: readonly string[]; requirements: readonly string[] } => {
    let lists = mapping.get(check);
    if (lists === undefined) {
      const checkUses = uses.get(check) ?? [];
      lists = { frameworks: [...new Set(checkUses.map((use) => use.framework))], requirements: checkUses.map((use) => `${use.framework} ${use.requirement}`) };
      mapping.set(check, lists);
    }
    return lists;
  };
  // Findings of one subject share its ref object (the store pools them): one subject string per object.
  const subjects = new Map<ResourceRef, string>();
  const subjectOf = (ref: ResourceRef): string => {
    let subject = subjects.get(ref);
    if (subject === undefined) {
      subject = describeRef(ref);
      subjects.set(ref, subject);
    }
    return subject;
  };
  const rows = findings.map((finding) => {
    const subject = subjectOf(finding.resource);
    const base = `F-${createHash('sha256').update(`${finding.check}\u0000${subject}`).digest('hex').slice(0, 12)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const id = count === 1 ? base : `${base}-${count}`;
    ids.set(finding, id);
    const check = checks.get(finding.check);
    return {
      id,
      check: finding.check,
      checkTitle: check?.title ?? finding.check,
      severity: check?.severity ?? 'info',
      status: finding.status,
      resource: finding.resource,
      subject,
      namespace: finding.resource.namespace ?? null,
      message: finding.message,
      evidence: finding.evidence.map(evidenceLine),
      ...mappingOf(finding.check),
      waiver: finding.waiver ?? null,
    };
  });
  return { rows, ids };
}

/** `spec.containers[0].securityContext.privileged = true (expected false or unset)`. */
function evidenceLine(evidence: Evidence): string {
  const line = `${evidence.path} = ${displayValue(evidence.observed)}`;
  return evidence.expected === undefined ? line : `${line} (expected ${evidence.expected})`;
}

function displayValue(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.length <= OBSERVED_DISPLAY_LIMIT ? text : `${text.slice(0, OBSERVED_DISPLAY_LIMIT - 1)}…`;
}

const STATUS_ORDER: Readonly<Record<FindingStatus, number>> = { fail: 0, unknown: 1, waived: 2, pass: 3, 'not-applicable': 4 };

/** Fail before unknown before waived, then by severity, check and subject. */
export function compareNonPassing(a: FindingRow, b: FindingRow): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.check < b.check ? -1 : a.check > b.check ? 1 : 0) ||
    (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
