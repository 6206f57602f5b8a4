import type { Finding } from '../../domain/finding.js';
import { severityRank, type Severity } from '../../domain/status.js';
import type { Evaluation } from '../../pipeline.js';

/** Severities `--fail-on` accepts; `info` findings never gate a pipeline. */
export const GATE_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const satisfies readonly Severity[];
export type GateSeverity = (typeof GATE_SEVERITIES)[number];

/** Unwaived failures of checks at or above a severity: what `--fail-on` gates on. */
export function failuresAtOrAbove(evaluation: Pick<Evaluation, 'checks' | 'findings'>, threshold: GateSeverity | undefined): Finding[] {
  if (threshold === undefined) return [];
  const severityOf = new Map(evaluation.checks.map((check) => [check.id, check.severity]));
  return evaluation.findings.filter((finding) => {
    const severity = severityOf.get(finding.check);
    return finding.status === 'fail' && severity !== undefined && severityRank(severity) >= severityRank(threshold);
  });
}
