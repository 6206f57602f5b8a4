import type { FrameworkScore, RequirementResult } from '../domain/catalogue.js';
import type { JsonValue } from '../domain/json.js';
import type { Assessment, RunFacts } from '../domain/run.js';
import type { ClusterIdentity, KubeObject, NodeConfig, ResourceRef, Snapshot } from '../domain/snapshot.js';
import type { RequirementStatus } from '../domain/status.js';
import { refOf } from '../domain/snapshot.js';
import { inputError } from '../errors.js';
import type { Finding } from '../domain/finding.js';
import { canonicalJson, digestOfDigests, sha256Hex } from './canonical.js';
import type { NewRun } from './evidence-store.js';
import { addressed, type Addressed } from './content.js';
import type { AddressedObject } from './evidence.js';
import type { FindingTexts } from './findings.js';

/**
 * The id a cluster's runs are filed and chained under: the kube-system namespace UID, or, for offline input
 * that carries none, `name:<cluster name>`. The name form is stable for as long as the input keeps naming the
 * cluster the same way; it cannot collide with a real UID (those are bare UUIDs).
 */
export function clusterUidOf(cluster: ClusterIdentity): string {
  return cluster.uid ?? `name:${cluster.name}`;
}

/** The subject of a node's kubelet configuration when it is stored as evidence. */
export function nodeConfigRef(node: string): ResourceRef {
  return { apiVersion: 'kubevidence.io/v1', kind: 'NodeConfig', name: node };
}

/** Everything about a run that is neither a list of findings or evidence, nor a per-requirement row. */
export interface RunContext {
  readonly cluster: ClusterIdentity;
  readonly collector: Assessment['collector'];
  readonly gaps: Assessment['gaps'];
  readonly catalogues: Assessment['catalogues'];
  readonly waivers: Assessment['waivers'];
  readonly attestations: Assessment['attestations'];
  /** The keys below are written only when set, so a run without them keeps the context (and hash) it had before they existed. */
  readonly scope?: Assessment['scope'];
  readonly population?: Assessment['population'];
  readonly provenance?: Assessment['provenance'];
  readonly backfilled?: true;
}

/**
 * The codes `run_frameworks.statuses` stores, one byte per requirement. Stored data depends on this order:
 * append only, never reorder (it is deliberately not REQUIREMENT_STATUSES, which may change).
 */
export const STATUS_CODES: readonly RequirementStatus[] = ['pass', 'fail', 'partial', 'unknown', 'manual', 'not-applicable'];

/**
 * A run's results and score for one framework, column-wise, as stored: requirement ids, statuses and each
 * result's remaining fields (canonical JSON) in the same order, and the score with its remaining fields.
 */
export interface FrameworkContent {
  readonly framework: string;
  readonly requirements: readonly string[];
  readonly statuses: readonly RequirementStatus[];
  readonly details: readonly string[];
  readonly score: number | null;
  /** null when the run has no score for this framework. */
  readonly scoreDetail: string | null;
}

/** A run canonicalised and addressed (findings: see FindingTexts): what insertRun writes and the run hash commits to. */
export interface PreparedRun extends RunFacts {
  readonly backfilled: boolean;
  readonly context: Addressed;
  readonly checks: Addressed;
  readonly evidence: readonly AddressedObject[];
  readonly findings: FindingTexts;
  readonly frameworks: readonly FrameworkContent[];
}

/** Canonicalises and hashes a run. Pure and CPU-bound: done before the write lock is taken. */
export function prepareRun(run: NewRun): PreparedRun {
  const { snapshot, assessment } = run;
  const evidence = evidenceOf(snapshot);
  const context: RunContext = {
    cluster: assessment.cluster,
    collector: assessment.collector,
    gaps: assessment.gaps,
    catalogues: assessment.catalogues,
    waivers: assessment.waivers,
    attestations: assessment.attestations,
    ...(assessment.scope === undefined ? {} : { scope: assessment.scope }),
    ...(assessment.population === undefined ? {} : { population: assessment.population }),
    ...(assessment.provenance === undefined ? {} : { provenance: assessment.provenance }),
    ...(assessment.backfilled === true ? { backfilled: true as const } : {}),
  };
  return {
    backfilled: assessment.backfilled === true,
    clusterUid: clusterUidOf(assessment.cluster),
    clusterName: assessment.cluster.name,
    collectedAt: isoInstant('collectedAt', assessment.collectedAt),
    startedAt: isoInstant('startedAt', run.startedAt),
    finishedAt: isoInstant('finishedAt', run.finishedAt),
    toolVersion: run.toolVersion,
    snapshotDigest: snapshotDigestOf(snapshot, evidence),
    catalogueDigest: assessment.catalogueDigest,
    context: addressed(canonicalJson(context)),
    checks: addressed(canonicalJson(assessment.checks)),
    evidence,
    findings: findingTextsOf(assessment.findings),
    frameworks: frameworksOf(assessment.results, assessment.scores),
  };
}

/** Finding texts are made when the findings are addressed and packed, not all at once here (see FindingTexts). */
function findingTextsOf(findings: readonly Finding[]): FindingTexts {
  return { count: findings.length, textAt: (index) => canonicalJson(findings[index]) };
}

/**
 * Results grouped by framework (frameworks in order of first appearance, then any framework with a score and
 * no results), each framework's results in their own order. A run reads back in this order.
 */
export function frameworksOf(results: readonly RequirementResult[], scores: readonly FrameworkScore[]): FrameworkContent[] {
  const names = [...new Set([...results.map((result) => result.framework), ...scores.map((score) => score.framework)])];
  return names.map((framework) => {
    const own = results.filter((result) => result.framework === framework);
    const score = scores.find((candidate) => candidate.framework === framework);
    const { framework: _framework, score: value, ...scoreDetail } = score ?? { framework, score: null };
    return {
      framework,
      requirements: own.map((result) => result.requirement),
      statuses: own.map((result) => result.status),
      details: own.map(({ framework: _f, requirement: _r, status: _s, ...detail }) => canonicalJson(detail)),
      score: value,
      scoreDetail: score === undefined ? null : canonicalJson(scoreDetail),
    };
  });
}

/** The results a run's framework rows hold, rebuilt in stored order. */
export function resultsOf(frameworks: readonly FrameworkContent[]): RequirementResult[] {
  return frameworks.flatMap(({ framework, requirements, statuses, details }) =>
    requirements.map((requirement, index) => ({
      ...(JSON.parse(details[index] ?? '{}') as Omit<RequirementResult, 'framework' | 'requirement' | 'status'>),
      framework,
      requirement,
      status: statuses[index] as RequirementStatus,
    })),
  );
}

/** The scores a run's framework rows hold, in stored order. */
export function scoresOf(frameworks: readonly Pick<FrameworkContent, 'framework' | 'score' | 'scoreDetail'>[]): FrameworkScore[] {
  return frameworks.flatMap(({ framework, score, scoreDetail }) =>
    scoreDetail === null ? [] : [{ ...(JSON.parse(scoreDetail) as Omit<FrameworkScore, 'framework' | 'score'>), framework, score }],
  );
}

/** Every API object, then every node's kubelet configuration: the run's evidence, in snapshot order. */
export function evidenceOf(snapshot: Snapshot): AddressedObject[] {
  const objects = snapshot.resources.map((object) => ({ ref: refOf(object), ...addressed(canonicalJson(object)) }));
  const nodes = snapshot.nodeConfigs.map((config) => ({ ref: nodeConfigRef(config.node), ...addressed(canonicalJson(config)) }));
  return [...objects, ...nodes];
}

/** The identity an evidence object's content gives it (what its ref columns must say). */
export function refOfEvidence(value: JsonValue): ResourceRef | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  if (typeof value['kind'] === 'string' && typeof value['apiVersion'] === 'string') return refOf(value as unknown as KubeObject);
  if (typeof value['node'] === 'string') return nodeConfigRef((value as unknown as NodeConfig).node);
  return null;
}

/**
 * SHA-256 over the snapshot's canonical JSON with each evidence object replaced by its own SHA-256 (so the
 * digest costs nothing beyond the object hashes) and without `source` (the same content read from another
 * path is the same snapshot).
 */
export function snapshotDigestOf(snapshot: Snapshot, evidence: readonly AddressedObject[] = evidenceOf(snapshot)): string {
  const { source: _source, resources: _resources, nodeConfigs: _nodeConfigs, ...rest } = snapshot;
  return sha256Hex(canonicalJson({ ...rest, evidence: digestOfDigests(evidence.map((item) => item.sha256)) }));
}

/** Stored times are ISO-8601 UTC with milliseconds, so that text order is time order in every query. */
function isoInstant(field: string, value: string | null): string {
  const time = value === null ? Number.NaN : Date.parse(value);
  if (Number.isNaN(time)) throw inputError('run.invalid-time', `run ${field} is not a date-time: ${String(value)}`, { field });
  return new Date(time).toISOString();
}
