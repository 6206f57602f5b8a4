import type { RequirementStatus } from './status.js';

/**
 * How a requirement that failed before reads now. Only a requirement that now passes (or no longer applies, or is
 * gone from the catalogue) is "fixed"; one that went to unknown lost its evidence, and saying "fixed" would turn
 * missing evidence into good news; one that went to partial (waived), manual or attested merely stopped failing.
 */
export type Improvement = 'fixed' | 'now-unknown' | 'no-longer-failing';

export function improvementOf(after: RequirementStatus | null): Improvement {
  if (after === 'pass' || after === 'not-applicable' || after === null) return 'fixed';
  return after === 'unknown' ? 'now-unknown' : 'no-longer-failing';
}

export const IMPROVEMENT_LABELS: Readonly<Record<Improvement, string>> = Object.freeze({
  fixed: 'Fixed',
  'now-unknown': 'Now unknown (evidence missing)',
  'no-longer-failing': 'No longer failing',
});
