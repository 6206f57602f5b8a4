export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_STATUSES = ['pass', 'fail', 'unknown', 'waived', 'not-applicable'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const REQUIREMENT_STATUSES = ['pass', 'fail', 'partial', 'unknown', 'manual', 'not-applicable'] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

/**
 * Precedence when several findings speak to one thing, worst first:
 * fail > unknown > waived > pass > not-applicable.
 * `unknown` outranks `waived` and `pass` because missing evidence must never read as compliance;
 * `waived` outranks `pass` so an accepted risk stays visible.
 */
const FINDING_PRECEDENCE: Readonly<Record<FindingStatus, number>> = {
  fail: 4,
  unknown: 3,
  waived: 2,
  pass: 1,
  'not-applicable': 0,
};

/** Finding statuses that need nobody's attention: the resource passed, or the check does not apply to it. */
export function isSettled(status: FindingStatus): boolean {
  return status === 'pass' || status === 'not-applicable';
}

export function worstOf(a: FindingStatus, b: FindingStatus): FindingStatus {
  return FINDING_PRECEDENCE[a] >= FINDING_PRECEDENCE[b] ? a : b;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}
