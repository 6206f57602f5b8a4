import type { FrameworkScore, RequirementResult } from '../domain/catalogue.js';
import type { CheckMetadata } from '../domain/check.js';
import type { Finding } from '../domain/finding.js';
import { headlineOf } from '../domain/requirement-verdict.js';
import { REQUIREMENT_STATUSES, SEVERITIES, type RequirementStatus, type Severity } from '../domain/status.js';

/** Statuses that count in the score's denominator: automated evidence that says something about compliance. */
const SCORED_STATUSES: ReadonlySet<RequirementStatus> = new Set(['pass', 'fail', 'partial', 'unknown']);

/**
 * One score per framework, in the order frameworks first appear in `results`. Pure.
 *
 * score = automated requirements passing / automated requirements that are pass, fail, partial or unknown, ×100,
 * rounded to one decimal; null when that denominator is 0. Only requirements with basis `automated` take part:
 * attested passes are reported in the counts but are not evidence the tool measured, and `manual` and
 * `not-applicable` say nothing about the cluster. `unknown` stays in the denominator so that missing evidence
 * lowers the score instead of hiding; `partial` (waived failures) stays in it so that accepted risks are never
 * counted as passes.
 * failingBySeverity counts the failing findings behind the framework's failed requirements, each finding once.
 * headline carries the numerator and denominator of the score and "fully evidenced X of N" (see headlineOf), so no
 * writer prints a percentage without what it is a percentage of.
 */
export function scoreFrameworks(results: readonly RequirementResult[], findings: readonly Finding[], checks: readonly CheckMetadata[]): FrameworkScore[] {
  const severityByCheck = new Map(checks.map((check) => [check.id, check.severity]));
  return frameworksIn(results).map((framework) => {
    const own = results.filter((result) => result.framework === framework);
    return { framework, score: scoreOf(own), headline: headlineOf(own), counts: statusCounts(own), failingBySeverity: failingBySeverity(own, findings, severityByCheck) };
  });
}

function frameworksIn(results: readonly RequirementResult[]): string[] {
  return [...new Set(results.map((result) => result.framework))];
}

function scoreOf(results: readonly RequirementResult[]): number | null {
  const scored = results.filter((result) => result.basis === 'automated' && SCORED_STATUSES.has(result.status));
  if (scored.length === 0) return null;
  const passing = scored.filter((result) => result.status === 'pass').length;
  return Math.round((passing / scored.length) * 1000) / 10;
}

function statusCounts(results: readonly RequirementResult[]): Record<RequirementStatus, number> {
  const counts = Object.fromEntries(REQUIREMENT_STATUSES.map((status) => [status, 0])) as Record<RequirementStatus, number>;
  for (const result of results) counts[result.status] += 1;
  return counts;
}

function failingBySeverity(
  results: readonly RequirementResult[],
  findings: readonly Finding[],
  severityByCheck: ReadonlyMap<string, Severity>,
): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  const failedChecks = new Set(results.filter((result) => result.status === 'fail').flatMap((result) => result.checks));
  for (const finding of findings) {
    // Checks come from the same evaluation as the findings, so a failing check always has a severity.
    const severity = finding.status === 'fail' && failedChecks.has(finding.check) ? severityByCheck.get(finding.check) : undefined;
    if (severity !== undefined) counts[severity] += 1;
  }
  return counts;
}
