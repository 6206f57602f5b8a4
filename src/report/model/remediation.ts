import type { RequirementResult } from '../../domain/catalogue.js';
import type { CheckMetadata } from '../../domain/check.js';
import type { Finding } from '../../domain/finding.js';
import { describeRef } from '../../domain/snapshot.js';
import type { Severity } from '../../domain/status.js';
import { severityRank } from '../../domain/status.js';
import { BLAST_RADIUS_TRAITS, type BlastRadiusTrait, type ExposureKind, type SignalIndex } from './signals.js';

/**
 * The prioritised remediation plan: one item per fix, a fix being one check's remediation applied to one
 * resource group (a namespace, or all cluster-scoped objects, or all nodes). The formula is stated in words in
 * methodology.ts (REMEDIATION_RULES); keep the two in step.
 *
 *   priority = severityWeight × (1 + exposure) × (1 + blastRadius) + 5 × requirementsToPass
 *
 *   severityWeight      critical 8, high 4, medium 2, low 1, info 0
 *   exposure            2 when a resource of the fix is itself an entry point from outside the cluster or a
 *                       backend of one; 1 when it only shares a namespace with an entry point; 0 otherwise
 *   blastRadius         how many of privileged, hostPath, cluster-wide RBAC and secrets access the fix's
 *                       resources show (0-4), from any failing or waived finding on them
 *   requirementsToPass  framework requirements that fail now and would pass once this fix is applied: every
 *                       unwaived failure behind them belongs to this fix and none of their findings is unknown
 *                       or waived
 *
 * Multiplying keeps an info-level issue at the bottom however exposed its resource is, and lets exposure and
 * blast radius each double or more a finding's weight; the additive term rewards fixes that close requirements
 * outright, which is what an audit counts. Ties go to the higher severity, then the larger fix, then by name.
 */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { critical: 8, high: 4, medium: 2, low: 1, info: 0 };
export const REQUIREMENT_WEIGHT = 5;

export const THREAT_MODELS = ['external-attacker', 'compromised-container', 'compromised-credentials'] as const;
export type ThreatModel = (typeof THREAT_MODELS)[number];

export const THREAT_MODEL_TITLES: Readonly<Record<ThreatModel, string>> = {
  'external-attacker': 'External attacker',
  'compromised-container': 'Compromised container',
  'compromised-credentials': 'Compromised credentials',
};

/** Check themes and id words that are about identities and their secrets rather than about workloads. */
const CREDENTIAL_THEMES: ReadonlySet<string> = new Set(['rbac', 'secrets']);
const CREDENTIAL_WORDS = /service-?account|token|anonymous|authentication|authorization|credential|kubeconfig|certificate/;

export interface RemediationItem {
  readonly rank: number;
  readonly priority: number;
  readonly threat: ThreatModel;
  readonly check: string;
  readonly checkTitle: string;
  readonly severity: Severity;
  readonly remediation: string;
  /** Namespace name, `cluster-scoped` or `nodes`. */
  readonly group: string;
  readonly resourceCount: number;
  /** The first resources of the fix (at most RESOURCES_SHOWN), sorted. */
  readonly resources: readonly string[];
  readonly exposure: { readonly level: 0 | 1 | 2; readonly kinds: readonly ExposureKind[] };
  readonly blastRadius: readonly BlastRadiusTrait[];
  /** `framework requirement` pairs this fix turns from fail to pass. */
  readonly requirementsToPass: readonly string[];
  /** Failing requirements this fix contributes to without closing them alone. */
  readonly requirementsHelped: number;
  readonly findingIds: readonly string[];
}

export interface RankingInput {
  readonly findings: readonly Finding[];
  readonly findingIds: ReadonlyMap<Finding, string>;
  readonly checks: ReadonlyMap<string, CheckMetadata>;
  readonly results: readonly RequirementResult[];
  readonly signals: SignalIndex;
}

const RESOURCES_SHOWN = 8;

/** Every fix the run's failures call for, ranked. Pure and deterministic. */
export function rankRemediation(input: RankingInput): RemediationItem[] {
  const fixes = groupFailuresIntoFixes(input.findings);
  const failing = failingRequirements(input);
  const unranked = [...fixes.entries()].map(([key, findings]) => scoreFix(key, findings, failing, input));
  return unranked.sort(compareItems).map((item, index) => ({ ...item, rank: index + 1 }));
}

/** The group a failing resource is fixed in: its namespace, or one bucket for cluster-scoped objects and one for nodes. */
function resourceGroupOf(finding: Finding): string {
  if (finding.resource.namespace !== undefined) return finding.resource.namespace;
  return finding.resource.kind === 'Node' ? 'nodes' : 'cluster-scoped';
}

function groupFailuresIntoFixes(findings: readonly Finding[]): Map<string, Finding[]> {
  const fixes = new Map<string, Finding[]>();
  for (const finding of findings) {
    // Only unwaived failures call for a fix: waived ones are accepted risks and unknown ones need evidence, not change.
    if (finding.status !== 'fail') continue;
    const key = `${finding.check}\u0000${resourceGroupOf(finding)}`;
    const list = fixes.get(key);
    if (list === undefined) fixes.set(key, [finding]);
    else list.push(finding);
  }
  return fixes;
}

interface FailingRequirement {
  readonly key: string;
  /** Failing findings behind it, as fix keys. */
  readonly fixKeys: ReadonlySet<string>;
  /** Whether it would pass once nothing fails: no unknown and no waived finding behind it. */
  readonly passesWhenFixed: boolean;
}

function failingRequirements(input: RankingInput): FailingRequirement[] {
  const fixKeysByCheck = new Map<string, Set<string>>();
  for (const finding of input.findings) {
    if (finding.status !== 'fail') continue;
    const set = fixKeysByCheck.get(finding.check) ?? new Set<string>();
    set.add(`${finding.check}\u0000${resourceGroupOf(finding)}`);
    fixKeysByCheck.set(finding.check, set);
  }
  return input.results
    .filter((result) => result.status === 'fail')
    .map((result) => ({
      key: `${result.framework} ${result.requirement}`,
      fixKeys: new Set(result.checks.flatMap((check) => [...(fixKeysByCheck.get(check) ?? [])])),
      passesWhenFixed: result.counts.unknown === 0 && result.counts.waived === 0,
    }));
}

function scoreFix(key: string, findings: readonly Finding[], failing: readonly FailingRequirement[], input: RankingInput): RemediationItem {
  const first = findings[0] as Finding;
  const check = input.checks.get(first.check);
  const severity = check?.severity ?? 'info';
  const group = resourceGroupOf(first);
  const exposure = exposureOf(findings, group, input.signals);
  const blastRadius = blastRadiusOf(findings, input.signals);
  const touched = failing.filter((requirement) => requirement.fixKeys.has(key));
  const closes = touched.filter((requirement) => requirement.fixKeys.size === 1 && requirement.passesWhenFixed).map((requirement) => requirement.key);
  const resources = [...new Set(findings.map((finding) => describeRef(finding.resource)))].sort();
  return {
    rank: 0,
    priority: SEVERITY_WEIGHT[severity] * (1 + exposure.level) * (1 + blastRadius.length) + REQUIREMENT_WEIGHT * closes.length,
    threat: threatOf(first.check, exposure.level),
    check: first.check,
    checkTitle: check?.title ?? first.check,
    severity,
    remediation: check?.remediation ?? '',
    group,
    resourceCount: resources.length,
    resources: resources.slice(0, RESOURCES_SHOWN),
    exposure,
    blastRadius,
    requirementsToPass: closes.sort(),
    requirementsHelped: touched.length - closes.length,
    findingIds: findings.map((finding) => input.findingIds.get(finding) ?? ''),
  };
}

function exposureOf(findings: readonly Finding[], group: string, signals: SignalIndex): RemediationItem['exposure'] {
  const kinds = new Set<ExposureKind>();
  for (const finding of findings) for (const kind of signals.byResource.get(describeRef(finding.resource))?.exposure ?? []) kinds.add(kind);
  const level = kinds.size > 0 ? 2 : signals.exposedNamespaces.has(group) ? 1 : 0;
  return { level, kinds: [...kinds].sort() };
}

function blastRadiusOf(findings: readonly Finding[], signals: SignalIndex): BlastRadiusTrait[] {
  const traits = new Set<BlastRadiusTrait>();
  for (const finding of findings) for (const trait of signals.byResource.get(describeRef(finding.resource))?.traits ?? []) traits.add(trait);
  return BLAST_RADIUS_TRAITS.filter((trait) => traits.has(trait));
}

/**
 * One threat model per fix, first match wins: identity and secret checks → compromised credentials; a fix on a
 * resource reachable from outside, or a network check → external attacker; everything else limits what an
 * attacker already inside a container can do → compromised container.
 */
export function threatOf(checkId: string, exposureLevel: number): ThreatModel {
  const theme = checkId.split('.')[0] ?? '';
  if (CREDENTIAL_THEMES.has(theme) || CREDENTIAL_WORDS.test(checkId)) return 'compromised-credentials';
  if (exposureLevel === 2 || theme === 'network') return 'external-attacker';
  return 'compromised-container';
}

function compareItems(a: RemediationItem, b: RemediationItem): number {
  return (
    b.priority - a.priority ||
    severityRank(b.severity) - severityRank(a.severity) ||
    b.resourceCount - a.resourceCount ||
    a.check.localeCompare(b.check, 'en') ||
    a.group.localeCompare(b.group, 'en')
  );
}
