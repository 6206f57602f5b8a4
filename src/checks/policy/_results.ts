import type { Evidence } from '../../domain/finding.js';
import type { JsonObject, JsonValue } from '../../domain/json.js';
import { describeRef, refOf, type KubeObject, type ResourceRef } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import type { FindingDraft } from '../define-check.js';

/** Evidence lines listed per finding; the rest are counted (the report object is stored whole). */
export const LISTED_RESULTS = 25;

/** One failed rule of a tool's report, as evidence. */
export interface FailedResult {
  readonly evidence: Evidence;
  /** `kyverno policy disallow-privileged/privileged-containers`, `Trivy KSV017`. */
  readonly label: string;
}

export interface ReportReading {
  readonly tool: string;
  readonly failed: readonly FailedResult[];
  /** Results that passed or were below the failing threshold, counted for the passing evidence. */
  readonly other: number;
  /** false when the report is not in its documented shape: it proves nothing. */
  readonly readable: boolean;
}

export function stringOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function objectAt(object: KubeObject | JsonObject, key: string): JsonObject | undefined {
  const value = (object as JsonObject)[key];
  return isObject(value) ? value : undefined;
}

/**
 * The finding for one tool report: `fail` with the failed results as evidence, `unknown` when the report is unreadable,
 * `pass` with the count of results examined.
 */
export function verdictOfReport(report: KubeObject, reading: ReportReading, related: readonly ResourceRef[]): FindingDraft {
  const subject = describeRef(refOf(report));
  if (!reading.readable) {
    return { resource: refOf(report), status: 'unknown', message: `${subject} (${reading.tool}) is not in its documented shape; its results prove nothing.`, evidence: [{ path: 'report', observed: 'unreadable', expected: 'the documented report schema' }], related };
  }
  if (reading.failed.length > 0) {
    const evidence = reading.failed.slice(0, LISTED_RESULTS).map((result) => result.evidence);
    if (reading.failed.length > LISTED_RESULTS) evidence.push({ path: 'results', observed: `${reading.failed.length - LISTED_RESULTS} more failed results (see the stored report)` });
    const names = [...new Set(reading.failed.map((result) => result.label))];
    return {
      resource: refOf(report),
      status: 'fail',
      message: `${subject}: ${reading.tool} reports ${reading.failed.length} failed result${reading.failed.length === 1 ? '' : 's'} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}).`,
      evidence,
      related,
    };
  }
  return { resource: refOf(report), status: 'pass', message: `${subject}: ${reading.tool} reports no failed result (${reading.other} examined).`, evidence: [{ path: 'results', observed: `0 failed of ${reading.other}`, expected: 'no failed result' }], related };
}
