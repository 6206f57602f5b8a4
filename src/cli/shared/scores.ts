import type { FrameworkScore } from '../../domain/catalogue.js';
import { shortFullyEvidencedText, shortScoreText } from '../../domain/requirement-verdict.js';

/**
 * `pci-dss-4.0.1 fully evidenced 1 of 42, 39.3 % (11 of 28 pass); hipaa-security-rule …`: the headline first, and
 * a score never without its denominator. A framework without automated evidence has no score (n/a).
 */
export function formatScores(scores: readonly FrameworkScore[]): string {
  return scores.length === 0 ? '-' : scores.map((score) => `${score.framework} fully evidenced ${shortFullyEvidencedText(score)}, ${shortScoreText(score)}`).join('; ');
}

export function formatScore(score: number | null): string {
  return score === null ? 'n/a' : score.toFixed(1);
}
