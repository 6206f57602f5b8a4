import type { Evidence, Finding } from '../../domain/finding.js';
import type { JsonValue } from '../../domain/json.js';
import { describeRef, type ResourceRef } from '../../domain/snapshot.js';

/**
 * What the run's findings say about how reachable a resource is and how much damage its compromise would do.
 * A report cannot look at the cluster again, so everything here is read from findings and their evidence:
 * a signal exists only where a check observed it. The rules are deliberately few and literal so that the
 * methodology appendix can state them (see REMEDIATION_RULES in methodology.ts); change both together.
 */

/** How a resource can be reached from outside the cluster. */
const EXPOSURE_KINDS = ['load-balancer', 'node-port', 'ingress', 'host-network', 'host-port', 'backend'] as const;
export type ExposureKind = (typeof EXPOSURE_KINDS)[number];

/** What an attacker holding the resource could reach beyond it. */
export const BLAST_RADIUS_TRAITS = ['privileged', 'host-path', 'cluster-wide-rbac', 'secrets-access'] as const;
export type BlastRadiusTrait = (typeof BLAST_RADIUS_TRAITS)[number];

export interface ResourceSignals {
  readonly exposure: ReadonlySet<ExposureKind>;
  readonly traits: ReadonlySet<BlastRadiusTrait>;
}

/** Signals per resource key (describeRef), plus the namespaces that hold an entry point. */
export interface SignalIndex {
  readonly byResource: ReadonlyMap<string, ResourceSignals>;
  /** Namespaces with at least one entry point (not a mere backend): neighbours share its network by default. */
  readonly exposedNamespaces: ReadonlySet<string>;
}

/** Statuses whose evidence describes the resource as it is: a waived failure is still a true observation. */
const OBSERVED_STATUSES: ReadonlySet<Finding['status']> = new Set(['fail', 'waived']);

const RBAC_KINDS: ReadonlySet<string> = new Set(['ClusterRole', 'ClusterRoleBinding']);

export function buildSignalIndex(findings: readonly Finding[]): SignalIndex {
  const exposure = new Map<string, Set<ExposureKind>>();
  const traits = new Map<string, Set<BlastRadiusTrait>>();
  const exposedNamespaces = new Set<string>();
  for (const finding of findings) {
    if (!OBSERVED_STATUSES.has(finding.status)) continue;
    const key = describeRef(finding.resource);
    const entry = entryPointsOf(finding);
    for (const kind of entry) add(exposure, key, kind);
    if (entry.length > 0) {
      if (finding.resource.namespace !== undefined) exposedNamespaces.add(finding.resource.namespace);
      for (const backend of backendsOf(finding)) add(exposure, describeRef(backend), 'backend');
    }
    for (const trait of traitsOf(finding)) add(traits, key, trait);
  }
  return { byResource: mergeSignals(exposure, traits, findings), exposedNamespaces };
}

/**
 * A workload is reached through its pods: when a Service finding lists pods as related objects, the controller
 * that owns them (whose finding lists the same pods) is a backend too.
 */
function mergeSignals(
  exposure: Map<string, Set<ExposureKind>>,
  traits: Map<string, Set<BlastRadiusTrait>>,
  findings: readonly Finding[],
): Map<string, ResourceSignals> {
  for (const finding of findings) {
    // A Service or Ingress lists its backends as related objects: that does not make the front door a backend.
    if (isFrontDoor(finding)) continue;
    const owner = describeRef(finding.resource);
    for (const pod of finding.related ?? []) {
      if (exposure.get(describeRef(pod))?.has('backend') === true) add(exposure, owner, 'backend');
    }
  }
  const keys = new Set([...exposure.keys(), ...traits.keys()]);
  return new Map(
    [...keys].map((key) => [key, { exposure: exposure.get(key) ?? new Set<ExposureKind>(), traits: traits.get(key) ?? new Set<BlastRadiusTrait>() }]),
  );
}

/** Entry points from outside: LoadBalancer/NodePort Services, Ingresses, hostNetwork and hostPort pods. */
function entryPointsOf(finding: Finding): ExposureKind[] {
  const kinds = new Set<ExposureKind>();
  if (finding.resource.kind === 'Ingress') kinds.add('ingress');
  for (const evidence of finding.evidence) {
    const kind = exposureOfEvidence(evidence);
    if (kind !== null) kinds.add(kind);
  }
  if (kinds.size === 0) for (const kind of exposureByCheckName(finding)) kinds.add(kind);
  return [...kinds];
}

function exposureOfEvidence({ path, observed }: Evidence): ExposureKind | null {
  if (/(^|\.)type$/.test(path) && observed === 'LoadBalancer') return 'load-balancer';
  if (/(^|\.)type$/.test(path) && observed === 'NodePort') return 'node-port';
  if (/(^|\.)hostNetwork$/.test(path) && observed === true) return 'host-network';
  if (/\.hostPort$/.test(path) && typeof observed === 'number' && observed > 0) return 'host-port';
  return null;
}

/** Fallback when a check reports exposure without evidence lines: its id names what it found. */
function exposureByCheckName(finding: Finding): ExposureKind[] {
  const id = finding.check;
  if (finding.resource.kind === 'Service' && /loadbalancer/.test(id)) return ['load-balancer'];
  if (finding.resource.kind === 'Service' && /nodeport/.test(id)) return ['node-port'];
  if (/host-network/.test(id)) return ['host-network'];
  if (/host-ports?\b/.test(id)) return ['host-port'];
  return [];
}

/** Objects behind an entry point, as the Service or Ingress finding lists them (pods, workloads). */
function backendsOf(finding: Finding): readonly ResourceRef[] {
  return isFrontDoor(finding) ? (finding.related ?? []) : [];
}

function isFrontDoor(finding: Finding): boolean {
  return finding.resource.kind === 'Service' || finding.resource.kind === 'Ingress';
}

function traitsOf(finding: Finding): BlastRadiusTrait[] {
  const traits = new Set<BlastRadiusTrait>();
  for (const evidence of finding.evidence) for (const trait of traitsOfEvidence(evidence)) traits.add(trait);
  for (const trait of traitsByCheck(finding)) traits.add(trait);
  return [...traits];
}

function traitsOfEvidence({ path, observed }: Evidence): BlastRadiusTrait[] {
  const traits: BlastRadiusTrait[] = [];
  if (/securityContext\.privileged$/.test(path) && observed === true) traits.push('privileged');
  if (/(^|[.\]])hostPath(\.|$)/.test(path)) traits.push('host-path');
  if (/(^|\.)rules\[\d+\]\.resources$/.test(path) && mentions(observed, ['secrets', '*'])) traits.push('secrets-access');
  return traits;
}

/** What a check's id and subject say on their own: RBAC checks report on roles and bindings, not on evidence paths. */
function traitsByCheck(finding: Finding): BlastRadiusTrait[] {
  const id = finding.check;
  const traits: BlastRadiusTrait[] = [];
  if (/(^|\.)privileged/.test(id) && finding.evidence.length === 0) traits.push('privileged');
  if (/host-?path/.test(id)) traits.push('host-path');
  if (id.startsWith('rbac.') && RBAC_KINDS.has(finding.resource.kind)) traits.push('cluster-wide-rbac');
  if (id.startsWith('rbac.') && /secret/.test(id)) traits.push('secrets-access');
  return traits;
}

function mentions(value: JsonValue, words: readonly string[]): boolean {
  if (typeof value === 'string') return words.includes(value);
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && words.includes(item));
}

function add<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}
