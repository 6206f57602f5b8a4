import { createHash } from 'node:crypto';
import type { Catalogue, FindingCounts, Requirement, RequirementResult } from '../../domain/catalogue.js';
import type { CheckMetadata } from '../../domain/check.js';
import type { Finding } from '../../domain/finding.js';
import type { RunRecord } from '../../domain/run.js';
import { describeRef } from '../../domain/snapshot.js';
import { FINDING_STATUSES, REQUIREMENT_STATUSES, type FindingStatus, type RequirementStatus } from '../../domain/status.js';
import type { Waiver } from '../../domain/waiver.js';
import { usageError } from '../../errors.js';
import { TOOL_VERSION } from '../../version.js';
import { attackSurfaceOf, attackSurfaceView } from './attack-surface.js';
import { buildFindingRows, compareNonPassing, type CheckUse } from './finding-rows.js';
import { packMethodology, REMEDIATION_RULES } from './methodology.js';
import {
  DEFAULT_LIMITS,
  type AttachmentRow,
  type AttestationRow,
  type CheckBehindRequirement,
  type CheckCatalogueRow,
  type Cover,
  type FindingRow,
  type FrameworkChanges,
  type FrameworkReport,
  type GapRow,
  type PackInput,
  type PackLimits,
  type PackModel,
  type RemediationPlan,
  type RequirementSection,
  type Totals,
  type WaiverRow,
} from './model-types.js';
import { rankRemediation, THREAT_MODEL_TITLES, THREAT_MODELS, type ThreatModel } from './remediation.js';
import { buildSignalIndex } from './signals.js';

export * from './model-types.js';
export { attackSurfaceOf };

const THREAT_DESCRIPTIONS: Readonly<Record<ThreatModel, string>> = {
  'external-attacker': 'Someone on the internet reaching the cluster through a load balancer, node port, ingress or host port.',
  'compromised-container': 'An attacker who already runs code in one container, trying to reach the node, other workloads or the cluster.',
  'compromised-credentials': 'A leaked token or key: what its identity may do, and which secrets it may read.',
};

/**
 * Builds the view model of an audit pack from one stored run and its history. Pure and deterministic: the same
 * input gives the same model (the only clock is `generatedAt`), and nothing here reads files or the store.
 */
export function buildPackModel(input: PackInput): PackModel {
  const { run } = input;
  const limits: PackLimits = { ...DEFAULT_LIMITS, ...input.limits };
  const frameworks = selectFrameworks(run, input.frameworks);
  const results = run.results.filter((result) => frameworks.includes(result.framework));
  const checks = new Map(run.checks.map((check) => [check.id, check]));
  const findingRows = buildFindingRows(run.findings, checks, checkUsesOf(results));
  const context: SectionContext = {
    run,
    input,
    limits,
    checks,
    rowsByCheck: groupRowsByCheck(findingRows.rows),
    catalogues: new Map(input.catalogues.map((catalogue) => [catalogue.id, catalogue])),
    attestations: attestationRowsOf(run, frameworks),
  };
  const signals = buildSignalIndex(run.findings);
  const nonPassing = findingRows.rows.filter((row) => isNonPassing(row.status)).sort(compareNonPassing);
  return {
    schemaVersion: 1,
    cover: coverOf(input, frameworks, context),
    provenance: {
      runId: run.id,
      runHash: run.hash,
      previousHash: run.previousHash,
      snapshotDigest: run.snapshotDigest,
      catalogueDigest: run.catalogueDigest,
      clusterUid: run.clusterUid,
      clusterName: run.clusterName,
      frameworks,
      toolVersion: TOOL_VERSION,
      generatedAt: input.generatedAt,
    },
    location: { clusterDir: safeDirName(run.clusterName), runDir: `${run.collectedAt.slice(0, 10)}-run-${run.id}` },
    totals: totalsOf(findingRows.rows, results),
    remediation: remediationPlanOf(rankRemediation({ findings: run.findings, findingIds: findingRows.ids, checks, results, signals }), limits),
    attackSurface: attackSurfaceView(signals, run, input.attackSurfaceTrend ?? []),
    frameworks: frameworks.map((framework) => frameworkReportOf(framework, results, context)),
    findings: findingRows.rows,
    appendixFindings: nonPassing.slice(0, limits.appendixFindings),
    appendixFindingsOmitted: Math.max(0, nonPassing.length - limits.appendixFindings),
    checks: checkCatalogueOf(run.checks, findingRows.rows),
    gaps: gapRowsOf(run),
    waivers: {
      applied: run.waivers.applied.map(({ waiver, findings }) => waiverRowOf(waiver, findings)),
      expired: run.waivers.expired.map((waiver) => waiverRowOf(waiver, null)),
    },
    attestations: [...context.attestations.values()].flat(),
    attachments: attachmentsOf([...context.attestations.values()].flat()),
    evidenceIndex: run.evidence
      .map((evidence) => ({ subject: describeRef(evidence.resource), sha256: evidence.sha256 }))
      .sort((a, b) => compareText(a.subject, b.subject) || compareText(a.sha256, b.sha256)),
    methodology: {
      sections: packMethodology(),
      catalogues: run.catalogues,
      catalogueDigest: run.catalogueDigest,
      catalogueNotes: catalogueNotesOf(run, frameworks, context.catalogues),
      collector: run.collector,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    },
    signer: input.signer ?? null,
    source: { checks: run.checks, findings: run.findings, gaps: run.gaps, waivers: run.waivers, results, scores: run.scores.filter((score) => frameworks.includes(score.framework)) },
    limits,
  };
}

interface SectionContext {
  readonly run: RunRecord;
  readonly input: PackInput;
  readonly limits: PackLimits;
  readonly checks: ReadonlyMap<string, CheckMetadata>;
  readonly rowsByCheck: ReadonlyMap<string, readonly FindingRow[]>;
  readonly catalogues: ReadonlyMap<string, Catalogue>;
  /** Attestations by `framework requirement`. */
  readonly attestations: ReadonlyMap<string, readonly AttestationRow[]>;
}

/** The frameworks asked for, checked against what the run holds; default all of them in run order. */
function selectFrameworks(run: RunRecord, requested: readonly string[] | undefined): string[] {
  const available = [...new Set(run.results.map((result) => result.framework))];
  if (requested === undefined || requested.length === 0) return available;
  const unknown = requested.filter((framework) => !available.includes(framework));
  if (unknown.length > 0) {
    throw usageError(`run ${run.id} has no results for framework ${unknown.join(', ')}`, `frameworks in this run: ${available.join(', ') || 'none'}`);
  }
  return [...new Set(requested)];
}

function checkUsesOf(results: readonly RequirementResult[]): Map<string, CheckUse[]> {
  const uses = new Map<string, CheckUse[]>();
  for (const result of results) {
    for (const check of result.checks) {
      const list = uses.get(check) ?? [];
      list.push({ framework: result.framework, requirement: result.requirement });
      uses.set(check, list);
    }
  }
  return uses;
}

function groupRowsByCheck(rows: readonly FindingRow[]): Map<string, FindingRow[]> {
  const byCheck = new Map<string, FindingRow[]>();
  for (const row of rows) {
    const list = byCheck.get(row.check) ?? [];
    list.push(row);
    byCheck.set(row.check, list);
  }
  return byCheck;
}

function coverOf(input: PackInput, frameworks: readonly string[], context: SectionContext): Cover {
  const { run } = input;
  return {
    title: 'Kubernetes compliance evidence pack',
    clusterName: run.cluster.name,
    clusterUid: run.cluster.uid,
    server: run.cluster.server,
    kubernetesVersion: run.cluster.version,
    period: input.period ?? null,
    runId: run.id,
    collectedAt: run.collectedAt,
    frameworks: frameworks.map((id) => frameworkIdentity(id, run, context.catalogues)),
    generatedAt: input.generatedAt,
    toolVersion: TOOL_VERSION,
    runToolVersion: run.toolVersion,
    signer: input.signer ?? null,
    comparedTo: input.diff === undefined ? null : { runId: input.diff.from.id, collectedAt: input.diff.from.collectedAt },
  };
}

function frameworkIdentity(id: string, run: RunRecord, catalogues: ReadonlyMap<string, Catalogue>): { id: string; name: string; version: string } {
  const applied = run.catalogues.find((catalogue) => catalogue.id === id);
  const loaded = catalogues.get(id);
  return { id, name: applied?.name ?? loaded?.name ?? id, version: applied?.version ?? loaded?.version ?? '' };
}

function totalsOf(rows: readonly FindingRow[], results: readonly RequirementResult[]): Totals {
  const byStatus = Object.fromEntries(FINDING_STATUSES.map((status) => [status, 0])) as Record<FindingStatus, number>;
  for (const row of rows) byStatus[row.status] += 1;
  const requirementsByStatus = Object.fromEntries(REQUIREMENT_STATUSES.map((status) => [status, 0])) as Record<RequirementStatus, number>;
  for (const result of results) requirementsByStatus[result.status] += 1;
  return { findings: rows.length, byStatus, requirements: results.length, requirementsByStatus };
}

function remediationPlanOf(items: PackModel['remediation']['items'], limits: PackLimits): RemediationPlan {
  return {
    items,
    groups: THREAT_MODELS.map((threat) => {
      const own = items.filter((item) => item.threat === threat);
      return {
        threat,
        title: THREAT_MODEL_TITLES[threat],
        description: THREAT_DESCRIPTIONS[threat],
        items: own.slice(0, limits.remediationPerThreat),
        omitted: Math.max(0, own.length - limits.remediationPerThreat),
      };
    }),
    formula: REMEDIATION_RULES.paragraphs[1] ?? '',
  };
}

function frameworkReportOf(framework: string, results: readonly RequirementResult[], context: SectionContext): FrameworkReport {
  const { run, input } = context;
  const identity = frameworkIdentity(framework, run, context.catalogues);
  const own = results.filter((result) => result.framework === framework);
  const score = run.scores.find((candidate) => candidate.framework === framework);
  const requirements = own.map((result) => requirementSectionOf(result, context));
  return {
    anchor: anchorOf(framework),
    ...identity,
    score: score?.score ?? null,
    counts: score?.counts ?? countStatuses(own),
    failingBySeverity: score?.failingBySeverity ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    requirementCount: own.length,
    trend: input.trend
      .filter((point) => point.framework === framework)
      .map(({ runId, collectedAt, score: value }) => ({ runId, collectedAt, score: value }))
      .sort((a, b) => compareText(a.collectedAt, b.collectedAt) || a.runId - b.runId),
    changes: changesOf(framework, own, requirements, context),
    requirements,
  };
}

function countStatuses(results: readonly RequirementResult[]): Record<RequirementStatus, number> {
  const counts = Object.fromEntries(REQUIREMENT_STATUSES.map((status) => [status, 0])) as Record<RequirementStatus, number>;
  for (const result of results) counts[result.status] += 1;
  return counts;
}

function changesOf(framework: string, results: readonly RequirementResult[], sections: readonly RequirementSection[], context: SectionContext): FrameworkChanges | null {
  const diff = context.input.diff;
  if (diff === undefined) return null;
  const titles = new Map(sections.map((section) => [section.id, section.title]));
  const changes = diff.requirements.filter((change) => change.framework === framework);
  const frameworkChecks = new Set(results.flatMap((result) => result.checks));
  const isFrameworkFinding = (finding: Finding): boolean => frameworkChecks.has(finding.check);
  return {
    comparedTo: { runId: diff.from.id, collectedAt: diff.from.collectedAt },
    newlyFailing: changes
      .filter((change) => change.after === 'fail' && change.before !== 'fail')
      .map((change) => ({ id: change.requirement, title: titles.get(change.requirement) ?? '', before: change.before })),
    fixed: changes
      .filter((change) => change.before === 'fail' && change.after !== 'fail')
      .map((change) => ({ id: change.requirement, title: titles.get(change.requirement) ?? '', after: change.after, label: improvementLabelOf(change.after) })),
    findingsNewlyFailing: diff.findings.newlyFailing.filter(isFrameworkFinding).length,
    findingsFixed: diff.findings.fixed.filter(isFrameworkFinding).length,
  };
}

/**
 * Only a requirement that now passes (or no longer applies) is "fixed". One that went from fail to unknown, partial
 * (waived) or manual merely stopped failing: saying "fixed" would turn missing evidence into good news.
 */
function improvementLabelOf(after: RequirementStatus | null): 'Fixed' | 'No longer failing' {
  return after === 'pass' || after === 'not-applicable' || after === null ? 'Fixed' : 'No longer failing';
}

function requirementSectionOf(result: RequirementResult, context: SectionContext): RequirementSection {
  const requirement = context.catalogues.get(result.framework)?.requirements.find((candidate) => candidate.id === result.requirement);
  const nonPassing = result.checks
    .flatMap((check) => context.rowsByCheck.get(check) ?? [])
    .filter((row) => isNonPassing(row.status))
    .sort(compareNonPassing);
  const attestations = context.attestations.get(`${result.framework} ${result.requirement}`) ?? [];
  const manualEvidence = requirement?.manualEvidence ?? [];
  return {
    anchor: anchorOf(result.framework, result.requirement),
    framework: result.framework,
    id: result.requirement,
    title: requirement?.title ?? '',
    section: requirement?.section ?? null,
    status: result.status,
    statusLabel: result.status === 'pass' && result.basis === 'attested' ? 'pass (attested)' : result.status,
    basis: result.basis,
    coverage: requirement?.coverage ?? null,
    fullyEvidenced: result.fullyEvidenced,
    summary: result.summary,
    counts: result.counts,
    worstSeverity: result.worstSeverity,
    mappingSource: requirement?.source ?? null,
    checks: result.checks.map((check) => checkBehind(check, context)),
    findings: nonPassing.slice(0, context.limits.findingsPerRequirement),
    findingsTotal: nonPassing.length,
    findingsOmitted: Math.max(0, nonPassing.length - context.limits.findingsPerRequirement),
    waivers: waiversOfChecks(result.checks, context.run),
    attestations,
    manualEvidence,
    outstandingManualEvidence: outstandingEvidence(result, requirement),
    history: historyOf(result, context),
  };
}

/** Manual evidence stays outstanding until an unexpired attestation covers the requirement (the result lists those). */
function outstandingEvidence(result: RequirementResult, requirement: Requirement | undefined): readonly string[] {
  return result.attestations.length > 0 ? [] : (requirement?.manualEvidence ?? []);
}

function historyOf(result: RequirementResult, context: SectionContext): RequirementSection['history'] {
  const history = context.input.requirementHistory?.find((entry) => entry.framework === result.framework && entry.requirement === result.requirement);
  if (history === undefined) return null;
  const { runs, passed, failed, unknown, meanTimeToRemediateHours } = history;
  return { runs, passed, failed, unknown, meanTimeToRemediateHours };
}

function checkBehind(id: string, context: SectionContext): CheckBehindRequirement {
  const check = context.checks.get(id);
  return {
    id,
    title: check?.title ?? '(check not in this run)',
    severity: check?.severity ?? 'info',
    remediation: check?.remediation ?? '',
    counts: countFindings(context.rowsByCheck.get(id) ?? []),
  };
}

function countFindings(rows: readonly FindingRow[]): FindingCounts {
  const counts = { pass: 0, fail: 0, unknown: 0, waived: 0, 'not-applicable': 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

function waiversOfChecks(checks: readonly string[], run: RunRecord): WaiverRow[] {
  const own = new Set(checks);
  return [
    ...run.waivers.applied.filter(({ waiver }) => own.has(waiver.check)).map(({ waiver, findings }) => waiverRowOf(waiver, findings)),
    ...run.waivers.expired.filter((waiver) => own.has(waiver.check)).map((waiver) => waiverRowOf(waiver, null)),
  ];
}

function waiverRowOf(waiver: Waiver, findings: number | null): WaiverRow {
  const { namespace, kind, name, labels } = waiver.selector;
  const selector = [
    namespace === undefined ? null : `namespace=${namespace}`,
    kind === undefined ? null : `kind=${kind}`,
    name === undefined ? null : `name=${name}`,
    ...Object.entries(labels ?? {}).map(([key, value]) => `${key}=${value}`),
  ].filter((part): part is string => part !== null);
  return { id: waiver.id, check: waiver.check, selector: selector.join(', ') || '(all)', justification: waiver.justification, approver: waiver.approver, expires: waiver.expires, findings };
}

function attestationRowsOf(run: RunRecord, frameworks: readonly string[]): Map<string, AttestationRow[]> {
  const byRequirement = new Map<string, AttestationRow[]>();
  const sorted = [...run.attestations].sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id));
  for (const attestation of sorted) {
    if (!frameworks.includes(attestation.framework)) continue;
    const row: AttestationRow = {
      id: attestation.id,
      framework: attestation.framework,
      requirement: attestation.requirement,
      by: attestation.by,
      note: attestation.note,
      createdAt: attestation.createdAt,
      expiresAt: attestation.expiresAt,
      files: attestation.files.map((file) => ({
        attestation: attestation.id,
        name: file.name,
        sha256: file.sha256,
        size: file.size,
        path: `attachments/${file.sha256.slice(0, 12)}-${safeFileName(file.name)}`,
      })),
    };
    const key = `${attestation.framework} ${attestation.requirement}`;
    byRequirement.set(key, [...(byRequirement.get(key) ?? []), row]);
  }
  return byRequirement;
}

function attachmentsOf(attestations: readonly AttestationRow[]): AttachmentRow[] {
  const byPath = new Map<string, AttachmentRow>();
  for (const attestation of attestations) for (const file of attestation.files) if (!byPath.has(file.path)) byPath.set(file.path, file);
  return [...byPath.values()].sort((a, b) => compareText(a.path, b.path));
}

function checkCatalogueOf(checks: readonly CheckMetadata[], rows: readonly FindingRow[]): CheckCatalogueRow[] {
  const byCheck = groupRowsByCheck(rows);
  return checks.map((check) => {
    const own = byCheck.get(check.id) ?? [];
    return {
      id: check.id,
      title: check.title,
      severity: check.severity,
      origin: check.origin,
      rationale: check.rationale,
      remediation: check.remediation,
      references: referencesText(check),
      counts: countFindings(own),
      frameworks: [...new Set(own.flatMap((row) => row.frameworks))],
    };
  });
}

function referencesText(check: CheckMetadata): string {
  const { cis, nsa, pss, other } = check.references;
  return [
    cis === undefined ? null : `CIS ${cis.join(', ')}`,
    nsa === undefined ? null : `NSA/CISA: ${nsa.join('; ')}`,
    pss === undefined ? null : `PSS ${pss.level}: ${pss.control}`,
    other === undefined ? null : other.join(', '),
  ]
    .filter((part): part is string => part !== null)
    .join(' · ');
}

function gapRowsOf(run: RunRecord): GapRow[] {
  return run.gaps.map((gap) => ({
    kind: gap.kind,
    scope: gap.node !== undefined ? `node ${gap.node}` : gap.namespace !== undefined ? `namespace ${gap.namespace}` : 'cluster',
    reason: gap.reason,
    detail: gap.httpStatus === undefined ? gap.detail : `${gap.detail} (HTTP ${gap.httpStatus})`,
    // `Node/configz` gaps concern checks that read the kubelet configuration, which list that key or `Node`.
    checksAffected: run.checks.filter((check) => check.reads.includes(gap.kind) || check.reads.includes(gap.kind.split('/')[0] ?? gap.kind)).map((check) => check.id),
  }));
}

function catalogueNotesOf(run: RunRecord, frameworks: readonly string[], catalogues: ReadonlyMap<string, Catalogue>): string[] {
  return frameworks.flatMap((framework) => {
    const applied = run.catalogues.find((catalogue) => catalogue.id === framework);
    const loaded = catalogues.get(framework);
    if (loaded === undefined) return [`Catalogue ${framework} was not available when this pack was made: requirement titles and manual evidence are missing; statuses are as recorded in the run.`];
    if (applied !== undefined && applied.sha256 !== loaded.sha256) {
      return [
        `Catalogue ${framework}: requirement titles and manual evidence come from version ${loaded.version} (SHA-256 ${loaded.sha256}), ` +
          `while the run applied ${applied.version} (SHA-256 ${applied.sha256}); statuses are as recorded in the run.`,
      ];
    }
    return [];
  });
}

function isNonPassing(status: FindingStatus): boolean {
  return status === 'fail' || status === 'unknown' || status === 'waived';
}

/** A stable id for links and OSCAL: `pci-dss-4.0` + `164.312(a)(1)` → `req-pci-dss-4-0-164-312-a-1`. */
export function anchorOf(framework: string, requirement?: string): string {
  const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return requirement === undefined ? `fw-${slug(framework)}` : `req-${slug(framework)}-${slug(requirement)}-${shortHash(`${framework}\u0000${requirement}`)}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/** A folder name that is safe on every filesystem but keeps letters of any script (`zahlungsdienst-ü`, `支付`). */
export function safeDirName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+|-+$/g, '');
  return cleaned === '' ? 'cluster' : cleaned.slice(0, 80);
}

function safeFileName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '');
  return cleaned === '' ? 'file' : cleaned.slice(0, 100);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
