import type { FrameworkHeadline, FrameworkScore, RequirementResult } from './catalogue.js';

/**
 * What a requirement result means for an auditor, in one place so that every writer (PDF, HTML, JSON, CSV, OSCAL,
 * terminal) says the same thing. The status speaks about the automated evidence only; the verdict adds whether that
 * evidence is the whole story:
 *   fully-evidenced                  pass, and nothing more is needed: the checks cover the requirement fully, or the
 *                                    manual part is attested by an unexpired attestation (or, for a requirement with
 *                                    no checks, an unexpired attestation covers it);
 *   automated-pass-manual-required   the checks pass but cover only part of the requirement and the rest is not
 *                                    attested: never shown as a plain "pass";
 *   the other statuses as they are (fail, unknown, partial = waived failures, manual, not-applicable).
 */
export type RequirementVerdict = 'fully-evidenced' | 'automated-pass-manual-required' | 'fail' | 'unknown' | 'partial' | 'manual' | 'not-applicable';

export const AUTOMATED_PASS_MANUAL_REQUIRED_LABEL = 'automated checks pass — manual evidence still required';

type VerdictInput = Pick<RequirementResult, 'status' | 'basis' | 'fullyEvidenced' | 'attestations'>;

export function verdictOf(result: VerdictInput): RequirementVerdict {
  if (result.status !== 'pass') return result.status;
  return result.fullyEvidenced ? 'fully-evidenced' : 'automated-pass-manual-required';
}

/** The label shown beside a requirement: never a bare "pass" unless the pass is the whole requirement. */
export function verdictLabelOf(result: VerdictInput): string {
  const verdict = verdictOf(result);
  if (verdict === 'automated-pass-manual-required') return AUTOMATED_PASS_MANUAL_REQUIRED_LABEL;
  if (verdict !== 'fully-evidenced') return verdict;
  if (result.basis === 'attested') return 'pass (attested)';
  return result.attestations.length > 0 ? 'pass (checks pass, manual part attested)' : 'pass';
}

/** Whether a pass should be drawn as a pass (green): only when the requirement is fully evidenced. */
export function isFullPass(result: VerdictInput): boolean {
  return verdictOf(result) === 'fully-evidenced';
}

/**
 * The per-framework headline from its results: "fully evidenced X of N requirements" first, then the score's
 * numerator and denominator ("11 of 28 automated requirements pass"). Pure; the same rule as scoreFrameworks.
 */
export function headlineOf(results: readonly VerdictInput[]): FrameworkHeadline {
  const automated = results.filter((result) => result.basis === 'automated' && SCORED.has(result.status));
  return {
    requirements: results.length,
    fullyEvidenced: results.filter((result) => verdictOf(result) === 'fully-evidenced').length,
    automatedPassing: automated.filter((result) => result.status === 'pass').length,
    automatedScored: automated.length,
    automatedPassManualRequired: results.filter((result) => verdictOf(result) === 'automated-pass-manual-required').length,
  };
}

const SCORED: ReadonlySet<string> = new Set(['pass', 'fail', 'partial', 'unknown']);

/** `fully evidenced 1 of 42 requirements` */
export function fullyEvidencedLine(headline: FrameworkHeadline): string {
  return `fully evidenced ${headline.fullyEvidenced} of ${headline.requirements} requirement${headline.requirements === 1 ? '' : 's'}`;
}

/** `11 of 28 automated requirements pass`: the score's numerator and denominator. */
export function scoreFractionLine(headline: FrameworkHeadline): string {
  return `${headline.automatedPassing} of ${headline.automatedScored} automated requirement${headline.automatedScored === 1 ? '' : 's'} pass`;
}

/** `score 39.3 % (11 of 28 automated requirements pass)`, or `no score (no automated requirement with evidence)`. */
export function scoreLine(score: number | null, headline: FrameworkHeadline | undefined): string {
  if (score === null) return 'no score (no automated requirement with evidence)';
  const value = `score ${score.toFixed(1)} %`;
  if (headline === undefined) return `${value} (denominator not recorded: run stored by kubevidence 0.1)`;
  return `${value} (${scoreFractionLine(headline)})`;
}

/**
 * A score for terminal tables: `39.3 % (11 of 28 pass)`; `n/a` without automated evidence; for runs stored before the
 * denominator was recorded, `39.3 % (of ?)` so the missing denominator is visible rather than hidden.
 */
export function shortScoreText(score: Pick<FrameworkScore, 'score' | 'headline'> | undefined): string {
  if (score === undefined || score.score === null) return 'n/a';
  const value = `${score.score.toFixed(1)} %`;
  return score.headline === undefined ? `${value} (of ?)` : `${value} (${score.headline.automatedPassing} of ${score.headline.automatedScored} pass)`;
}

/** `1 of 42` fully evidenced requirements, or `?` for runs stored before it was recorded. */
export function shortFullyEvidencedText(score: Pick<FrameworkScore, 'headline'> | undefined): string {
  return score?.headline === undefined ? '?' : `${score.headline.fullyEvidenced} of ${score.headline.requirements}`;
}
