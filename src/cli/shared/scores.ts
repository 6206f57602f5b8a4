import type { FrameworkScore } from '../../domain/catalogue.js';

/** `pci-dss-4.0 82.5, hipaa-security-rule n/a`: a framework without automated evidence has no score. */
export function formatScores(scores: readonly FrameworkScore[]): string {
  return scores.length === 0 ? '-' : scores.map((score) => `${score.framework} ${formatScore(score.score)}`).join(', ');
}

export function formatScore(score: number | null): string {
  return score === null ? 'n/a' : score.toFixed(1);
}
