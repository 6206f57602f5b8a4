import type { Attestation } from '../domain/attestation.js';
import type { Catalogue, FindingCounts, Requirement, RequirementResult } from '../domain/catalogue.js';
import type { CheckMetadata } from '../domain/check.js';
import type { Finding } from '../domain/finding.js';
import { canonicalFrameworkId } from '../domain/framework-id.js';
import { severityRank, type RequirementStatus, type Severity } from '../domain/status.js';

/**
 * Maps findings onto catalogue requirements. Pure: the clock is the `now` parameter, and the same findings,
 * catalogues, attestations and time always give the same results, in catalogue and requirement order.
 *
 * The rules (also stated for readers in methodology.ts) — a requirement with checks:
 *   fail            some finding of its checks fails and is not waived;
 *   unknown         nothing fails, but a finding is unknown or one of its checks produced no finding at all
 *                   (missing evidence never reads as compliance);
 *   partial         nothing fails or is unknown, but some failures are waived: the control does not operate for
 *                   those subjects, and the organisation accepted the risk. Calling that `pass` would count accepted
 *                   risks as compliance; calling it `fail` would make waivers meaningless. `partial` keeps it out of
 *                   the passing share of the score and visible in the report;
 *   not-applicable  every finding is not-applicable;
 *   pass            otherwise (every applicable finding passes).
 * These statuses speak about the automated evidence only. Whether the checks cover the whole requirement is a
 * separate axis: `fullyEvidenced` is true only for a `pass` whose coverage is `full` or whose manual evidence is
 * attested by an unexpired attestation.
 * A requirement without checks is `manual` until an unexpired attestation covers it, then `pass` with basis
 * `attested`. Expired attestations, and attestations made after `now`, never count.
 */
export function deriveResults(
  findings: readonly Finding[],
  catalogues: readonly Catalogue[],
  attestations: readonly Attestation[],
  now: Date,
  checks: readonly CheckMetadata[],
): RequirementResult[] {
  const context: DerivationContext = {
    findingsByCheck: groupBy(findings, (finding) => finding.check),
    severityByCheck: new Map(checks.map((check) => [check.id, check.severity])),
    attestationsByRequirement: groupBy(attestations, (attestation) => requirementKey(attestation.framework, attestation.requirement)),
    now,
  };
  return catalogues.flatMap((catalogue) => catalogue.requirements.map((requirement) => resultFor(catalogue.id, requirement, context)));
}

/**
 * Whether an attestation vouches for its requirement at `now`: made no later than `now` and not yet expired.
 * A date-only expiry (`2026-03-31`) lasts through the end of that day (UTC), as waivers do; an unreadable date
 * does not count (fail safe).
 */
export function isAttestationValid(attestation: Attestation, now: Date): boolean {
  const created = Date.parse(attestation.createdAt);
  if (Number.isNaN(created) || created > now.getTime()) return false;
  if (attestation.expiresAt === null) return true;
  const end = expiryInstant(attestation.expiresAt);
  return !Number.isNaN(end) && now.getTime() < end;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function expiryInstant(expiresAt: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(expiresAt) ? Date.parse(`${expiresAt}T00:00:00Z`) + DAY_MS : Date.parse(expiresAt);
}

interface DerivationContext {
  readonly findingsByCheck: ReadonlyMap<string, readonly Finding[]>;
  readonly severityByCheck: ReadonlyMap<string, Severity>;
  readonly attestationsByRequirement: ReadonlyMap<string, readonly Attestation[]>;
  readonly now: Date;
}

/** Attestations of one requirement, split by whether they count at evaluation time. */
interface AttestationState {
  readonly valid: readonly Attestation[];
  readonly expired: readonly Attestation[];
}

function resultFor(framework: string, requirement: Requirement, context: DerivationContext): RequirementResult {
  const attestations = attestationStateOf(framework, requirement, context);
  return requirement.checks.length === 0
    ? manualResult(framework, requirement, attestations)
    : automatedResult(framework, requirement, attestations, context);
}

function attestationStateOf(framework: string, requirement: Requirement, context: DerivationContext): AttestationState {
  const all = [...(context.attestationsByRequirement.get(requirementKey(framework, requirement.id)) ?? [])].sort(byCreationThenId);
  const valid = all.filter((attestation) => isAttestationValid(attestation, context.now));
  // Only attestations already made but past their expiry are "expired"; future-dated ones are simply ignored.
  const expired = all.filter((attestation) => !valid.includes(attestation) && Date.parse(attestation.createdAt) <= context.now.getTime());
  return { valid, expired };
}

function manualResult(framework: string, requirement: Requirement, attestations: AttestationState): RequirementResult {
  const base = { framework, requirement: requirement.id, checks: [], counts: ZERO_COUNTS, worstSeverity: null } as const;
  const [latest] = [...attestations.valid].reverse();
  if (latest === undefined) {
    return { ...base, status: 'manual', basis: 'none', attestations: [], fullyEvidenced: false, summary: `Manual evidence required; ${describeMissingAttestation(attestations)}.` };
  }
  return {
    ...base,
    status: 'pass',
    basis: 'attested',
    attestations: attestations.valid.map(({ id }) => id),
    fullyEvidenced: true,
    summary: `Attested by ${latest.by} on ${latest.createdAt.slice(0, 10)} (${latest.id}), ${describeExpiry(latest)}.`,
  };
}

function automatedResult(framework: string, requirement: Requirement, attestations: AttestationState, context: DerivationContext): RequirementResult {
  const relevant = requirement.checks.flatMap((check) => context.findingsByCheck.get(check) ?? []);
  const silentChecks = requirement.checks.filter((check) => (context.findingsByCheck.get(check) ?? []).length === 0);
  const counts = countStatuses(relevant);
  const status = automatedStatus(counts, silentChecks.length);
  const attested = attestations.valid.length > 0;
  return {
    framework,
    requirement: requirement.id,
    status,
    checks: requirement.checks,
    basis: 'automated',
    counts,
    worstSeverity: worstFailingSeverity(relevant, context.severityByCheck),
    attestations: attestations.valid.map(({ id }) => id),
    fullyEvidenced: status === 'pass' && (requirement.coverage === 'full' || attested),
    summary: [automatedSummary(status, counts, relevant, silentChecks), manualSideSummary(requirement, attestations)].filter((part) => part !== '').join('; ') + '.',
  };
}

/** The precedence fail > unknown > partial (waived) > not-applicable/pass, as documented on deriveResults. */
function automatedStatus(counts: FindingCounts, silentChecks: number): RequirementStatus {
  if (counts.fail > 0) return 'fail';
  if (counts.unknown > 0 || silentChecks > 0) return 'unknown';
  if (counts.waived > 0) return 'partial';
  // No check is silent, so there is at least one finding; with no pass among them, all are not-applicable.
  return counts.pass === 0 ? 'not-applicable' : 'pass';
}

function automatedSummary(status: RequirementStatus, counts: FindingCounts, relevant: readonly Finding[], silentChecks: readonly string[]): string {
  const total = relevant.length;
  const waived = counts.waived > 0 ? `, ${plural(counts.waived, 'waived failure')} (accepted risk)` : '';
  switch (status) {
    case 'fail':
      return `${counts.fail} of ${plural(total, 'finding')} ${counts.fail === 1 ? 'fails' : 'fail'} (${checksWith(relevant, 'fail').join(', ')})${waived}`;
    case 'unknown':
      return `No failures, but evidence is missing: ${describeMissingEvidence(counts, silentChecks)}${waived}`;
    case 'partial':
      return `Passes except ${plural(counts.waived, 'waived failure')} (accepted risk: ${checksWith(relevant, 'waived').join(', ')})`;
    case 'not-applicable':
      return `Not applicable: all ${plural(total, 'finding')} are not-applicable`;
    default:
      return counts.pass === 1 ? 'The only applicable finding passes' : `All ${counts.pass} applicable findings pass`;
  }
}

function describeMissingEvidence(counts: FindingCounts, silentChecks: readonly string[]): string {
  const parts = [
    counts.unknown > 0 ? `${plural(counts.unknown, 'finding')} unknown` : '',
    silentChecks.length > 0 ? `no findings from ${silentChecks.join(', ')}` : '',
  ];
  return parts.filter((part) => part !== '').join(' and ');
}

/** What the checks do not cover, and whether an attestation supplies it. Empty when coverage is full. */
function manualSideSummary(requirement: Requirement, attestations: AttestationState): string {
  if (requirement.coverage === 'full') return '';
  const [latest] = [...attestations.valid].reverse();
  if (latest !== undefined) return `manual evidence attested by ${latest.by} (${latest.id})`;
  return `checks cover part of the requirement; manual evidence ${describeMissingAttestation(attestations)}`;
}

function describeMissingAttestation(attestations: AttestationState): string {
  const [lastExpired] = [...attestations.expired].reverse();
  if (lastExpired === undefined) return 'not attested';
  return `attestation ${lastExpired.id} expired${lastExpired.expiresAt === null ? '' : ` on ${lastExpired.expiresAt.slice(0, 10)}`}`;
}

function describeExpiry(attestation: Attestation): string {
  return attestation.expiresAt === null ? 'no expiry' : `valid until ${attestation.expiresAt.slice(0, 10)}`;
}

const ZERO_COUNTS: FindingCounts = Object.freeze({ pass: 0, fail: 0, unknown: 0, waived: 0, 'not-applicable': 0 });

function countStatuses(findings: readonly Finding[]): FindingCounts {
  const counts = { ...ZERO_COUNTS };
  for (const finding of findings) counts[finding.status] += 1;
  return counts;
}

/** Worst severity among checks with an unwaived failure; waived failures are accepted risks, not failures. */
function worstFailingSeverity(findings: readonly Finding[], severityByCheck: ReadonlyMap<string, Severity>): Severity | null {
  const severities = checksWith(findings, 'fail').flatMap((check) => {
    const severity = severityByCheck.get(check);
    return severity === undefined ? [] : [severity];
  });
  return severities.reduce<Severity | null>((worst, next) => (worst === null || severityRank(next) > severityRank(worst) ? next : worst), null);
}

/** Distinct check ids with a finding of the given status, in first-seen order. */
function checksWith(findings: readonly Finding[], status: Finding['status']): string[] {
  return [...new Set(findings.filter((finding) => finding.status === status).map((finding) => finding.check))];
}

function byCreationThenId(a: Attestation, b: Attestation): number {
  return a.createdAt === b.createdAt ? a.id.localeCompare(b.id, 'en') : a.createdAt.localeCompare(b.createdAt, 'en');
}

/** Attestations filed under a deprecated framework id (`pci-dss-4.0`) still count for the renamed catalogue. */
function requirementKey(framework: string, requirement: string): string {
  return `${canonicalFrameworkId(framework)}\u0000${requirement}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
