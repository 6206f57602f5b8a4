import { isSettled } from '../../../domain/status.js';
import type { FindingRow } from '../../model/model-types.js';

/** Passing and not-applicable findings of one check in one namespace (null: cluster scope), counted rather than listed. */
export type FindingGroupRow = Pick<FindingRow, 'check' | 'checkTitle' | 'severity' | 'status' | 'namespace' | 'frameworks'> & { readonly count: number };

/** What the findings appendix of report.html prints: rows one per finding, then counted groups. */
export interface FindingListing {
  readonly rows: readonly FindingRow[];
  readonly groups: readonly FindingGroupRow[];
  /** Findings inside `groups` (0 when every finding has its own row). */
  readonly groupedFindings: number;
}

/**
 * Every finding, one row each, while the run has at most `rowLimit`. Beyond it, findings that fail, are
 * unknown or waived keep their rows (they are what a reader acts on) and the settled ones become one row per
 * check, namespace and status with a count, so the page stays small enough to open and filter whatever the
 * cluster's size. Groups keep the fields the filters read, so filtered counts stay exact.
 */
export function findingListingOf(findings: readonly FindingRow[], rowLimit: number): FindingListing {
  if (findings.length <= rowLimit) return { rows: findings, groups: [], groupedFindings: 0 };
  const rows: FindingRow[] = [];
  const groups = new Map<string, { row: FindingRow; count: number }>();
  for (const finding of findings) {
    if (!isSettled(finding.status)) {
      rows.push(finding);
      continue;
    }
    const key = `${finding.check}\u0000${finding.namespace ?? ''}\u0000${finding.status}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { row: finding, count: 1 });
    else group.count += 1;
  }
  const counted = [...groups.values()].map(({ row, count }) => groupRowOf(row, count)).sort(compareGroups);
  return { rows, groups: counted, groupedFindings: findings.length - rows.length };
}

function groupRowOf(row: FindingRow, count: number): FindingGroupRow {
  const { check, checkTitle, severity, status, namespace, frameworks } = row;
  return { check, checkTitle, severity, status, namespace, frameworks, count };
}

function compareGroups(a: FindingGroupRow, b: FindingGroupRow): number {
  return compareText(a.check, b.check) || compareText(a.namespace ?? '', b.namespace ?? '') || compareText(a.status, b.status);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
