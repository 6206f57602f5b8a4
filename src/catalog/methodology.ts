import type { RequirementStatus } from '../domain/status.js';

/**
 * The status and score rules as prose, for the methodology section of reports. Kept next to derive-results.ts
 * and score.ts, which implement exactly this; change them together.
 */
export interface MethodologySection {
  readonly heading: string;
  readonly paragraphs: readonly string[];
}

/** What each requirement status means, in the order a report lists them. */
export const REQUIREMENT_STATUS_RULES: Readonly<Record<RequirementStatus, string>> = {
  fail: 'At least one finding of the requirement\'s checks fails and is not covered by a valid waiver.',
  unknown:
    'Nothing fails, but evidence is missing: a finding is unknown (the data could not be read, for example a ' +
    'forbidden API or a managed control plane), or one of the checks produced no finding at all. Missing evidence ' +
    'is never read as compliance.',
  partial:
    'Nothing fails or is unknown, but some failures are waived. The control does not operate for those subjects ' +
    'and the organisation has accepted the risk; the result is neither a pass nor a fail, and the waivers are listed.',
  'not-applicable': 'Every finding of the requirement\'s checks is not applicable (for example, no object of the kind exists or the feature is not configured).',
  pass:
    'Every applicable finding passes. When the requirement has only manual evidence, `pass (attested)` means an ' +
    'unexpired attestation covers it.',
  manual: 'The requirement has no automated check; it needs manual evidence and no unexpired attestation covers it.',
};

export const EVIDENCE_RULE =
  'Statuses speak about the automated evidence only: the checks support a requirement, contradict it, or cannot ' +
  'tell. Cluster checks rarely prove a whole requirement, so each catalogue states whether its checks cover a ' +
  'requirement fully or partially, and what manual evidence an auditor will still ask for. A requirement is ' +
  '"fully evidenced" only when it passes and either its checks cover it fully or its manual evidence is attested ' +
  'by an unexpired attestation. Expired attestations, and attestations dated after the run, do not count. A pass ' +
  'whose checks cover only part of the requirement, with the rest not attested, is shown everywhere as "automated ' +
  'checks pass — manual evidence still required", never as a plain pass, and does not satisfy the OSCAL objective. ' +
  'Each framework leads with "fully evidenced X of N requirements"; the score comes second, always with its ' +
  'numerator and denominator ("11 of 27 automated requirements pass"). A requirement that failed before and is ' +
  'unknown now is listed as "now unknown (evidence missing)", never as fixed.';

export const SCORE_RULE =
  'Framework score = requirements whose automated evidence passes ÷ requirements with automated evidence whose ' +
  'status is pass, fail, partial or unknown, × 100, rounded to one decimal. Requirements that are manual, attested ' +
  'or not applicable are counted and shown but take no part in the score; unknown and partial stay in the ' +
  'denominator, so missing evidence and accepted risks lower the score rather than hide. With no such ' +
  'requirement the score is not given. The severity breakdown counts the failing findings behind failed ' +
  'requirements, each finding once per framework.';

export const MAPPING_RULE =
  'Every requirement names where its mapping comes from: check-reference (the checks\' own CIS, NSA/CISA or Pod ' +
  'Security Standards references), public-mapping (a published mapping such as ComplianceAsCode, Kubescape or ' +
  'StackRox compliance profiles, named in the reference), framework-text (the framework\'s own wording), or ' +
  'inferred (our judgement, with a one-line rationale). When a published mapping covers only some of the listed ' +
  'checks, the reference says which checks were added by inference.';

export const METHODOLOGY: readonly MethodologySection[] = [
  { heading: 'Evidence and coverage', paragraphs: [EVIDENCE_RULE] },
  {
    heading: 'Requirement status',
    paragraphs: (['fail', 'unknown', 'partial', 'not-applicable', 'pass', 'manual'] as const).map((status) => `${status}: ${REQUIREMENT_STATUS_RULES[status]}`),
  },
  { heading: 'Score', paragraphs: [SCORE_RULE] },
  { heading: 'Where mappings come from', paragraphs: [MAPPING_RULE] },
];

/** The methodology as plain text (headings underlined), for terminal and plain-text outputs. */
export function methodologyText(): string {
  return METHODOLOGY.map(({ heading, paragraphs }) => [heading, '-'.repeat(heading.length), ...paragraphs].join('\n')).join('\n\n') + '\n';
}
