import type { Evidence } from '../../domain/finding.js';
import { at, type FindingDraft } from '../define-check.js';
import type { CheckInputs } from '../inputs.js';
import { KINDS, type SnapshotIndex } from '../snapshot-index.js';
import type { WorkloadSubject } from '../workload-subjects.js';

/**
 * Pod Security Standards are versioned: the Pod Security admission controller evaluates a namespace against the policy
 * version its `pod-security.kubernetes.io/<mode>-version` label names (`v1.30`), or `latest`. Each rule of the standard
 * has a first version, the way upstream registers them (`MinimumVersion` in k8s.io/pod-security-admission/policy):
 *
 *   sysctls                      1.0 (5 names), 1.27 (+ip_local_reserved_ports), 1.29 (+tcp_keepalive_time,
 *                                tcp_fin_timeout, tcp_keepalive_intvl, tcp_keepalive_probes), 1.32 (+tcp_rmem,
 *                                tcp_wmem), 1.37 (+tcp_slow_start_after_idle, tcp_notsent_lowat)
 *   seLinuxOptions               1.0, 1.31 (+container_engine_t)
 *   hostProbesAndHostLifecycle   1.34 (new control; no rule before)
 *   procMount (baseline)         1.0, 1.35 (any value allowed for pods with hostUsers: false)
 *   runAsUser                    1.23 (new control), 1.35 (skipped for hostUsers: false)
 *   runAsNonRoot                 1.0, 1.35 (skipped for hostUsers: false)
 *   allowPrivilegeEscalation, seccomp (restricted), capabilities (restricted)
 *                                1.25: Windows pods (spec.os.name: windows) exempt
 *
 * `latest` is the newest version any rule registers, as upstream resolves it — but never newer than the cluster's own
 * minor version when the snapshot records it, since that API server cannot evaluate rules it does not have.
 */
export const LATEST_POLICY_MINOR = 37;

/** `pod-security.kubernetes.io/<mode>-version`: which label a namespace's version is read from. */
export const PSS_MODES = ['enforce', 'audit', 'warn'] as const;
export type PssMode = (typeof PSS_MODES)[number];

/** The policy version a workload is judged at, and the evidence line saying where it came from. */
export interface PolicyVersion {
  /** Minor version of Kubernetes 1.x. */
  readonly minor: number;
  readonly evidence: Evidence;
}

/** `v1.30`, `1.30` → 30; `latest` → undefined (resolved by the caller); anything else → null (not a version). */
export function parsePolicyVersion(text: string): number | undefined | null {
  if (text === 'latest') return undefined;
  const match = /^v?1\.(\d{1,3})$/.exec(text);
  return match === null ? null : Number(match[1]);
}

function clusterMinor(index: SnapshotIndex): number | undefined {
  const match = /^v?1\.(\d+)/.exec(index.snapshot.cluster.version ?? '');
  return match === null ? undefined : Number(match[1]);
}

function latestMinor(index: SnapshotIndex): number {
  const cluster = clusterMinor(index);
  return cluster === undefined ? LATEST_POLICY_MINOR : Math.min(cluster, LATEST_POLICY_MINOR);
}

/**
 * The policy version for a namespace: its `<mode>-version` label, else the configured default (`inputs.pssVersion`,
 * `latest` unless set). A label that is not a version counts as `latest`, as the admission controller reads it.
 * Computed once per namespace and evaluation; the evidence object is shared by every finding of that namespace.
 */
export function policyVersionOf(index: SnapshotIndex, inputs: CheckInputs, namespace: string): PolicyVersion {
  let byInputs = RESOLVED.get(index);
  if (byInputs === undefined) {
    byInputs = new WeakMap();
    RESOLVED.set(index, byInputs);
  }
  let byNamespace = byInputs.get(inputs);
  if (byNamespace === undefined) {
    byNamespace = new Map();
    byInputs.set(inputs, byNamespace);
  }
  let version = byNamespace.get(namespace);
  if (version === undefined) {
    version = resolve(index, namespace, inputs.pssMode, inputs.pssVersion);
    byNamespace.set(namespace, version);
  }
  return version;
}

/** Per evaluation (index) and inputs object, then namespace: resolved once, looked up for every workload. */
const RESOLVED = new WeakMap<SnapshotIndex, WeakMap<CheckInputs, Map<string, PolicyVersion>>>();

/** The same, for a workload. */
export function workloadPolicyVersion(index: SnapshotIndex, inputs: CheckInputs, workload: WorkloadSubject): PolicyVersion {
  return policyVersionOf(index, inputs, workload.namespace);
}

function resolve(index: SnapshotIndex, namespace: string, mode: PssMode, fallback: string): PolicyVersion {
  const label = `pod-security.kubernetes.io/${mode}-version`;
  const value = index.get(KINDS.namespace, undefined, namespace)?.metadata.labels?.[label];
  const path = `Namespace/${namespace}:metadata.labels['${label}']`;
  const written = typeof value === 'string' ? value : fallback;
  const parsed = parsePolicyVersion(written);
  const minor = parsed === undefined || parsed === null ? latestMinor(index) : Math.min(parsed, LATEST_POLICY_MINOR);
  const source = typeof value === 'string' ? value : `unset (default ${fallback})`;
  const resolved = parsed === undefined || parsed === null ? `latest = v1.${minor}` : `v1.${minor}`;
  return { minor, evidence: Object.freeze(at(path, source, `Pod Security Standards policy version used: ${resolved}`)) };
}

/** True for pods in a user namespace (`spec.hostUsers: false`), which later policy versions relax some rules for. */
export function inUserNamespace(workload: WorkloadSubject): boolean {
  return workload.podSpec['hostUsers'] === false;
}

/**
 * A control the standard only has from `since` on: for a namespace at an older policy version it is not applicable
 * (the admission controller does not run it), which the finding says with the version as evidence.
 */
export function notYetInPolicy(workload: WorkloadSubject, policy: PolicyVersion, control: string, since: number): FindingDraft | undefined {
  if (policy.minor >= since) return undefined;
  return {
    resource: workload.ref,
    status: 'not-applicable',
    message: `${workload.description} is judged at Pod Security Standards policy v1.${policy.minor}, which has no ${control} control (it starts at v1.${since}).`,
    evidence: [policy.evidence],
    related: workload.pods,
  };
}

/**
 * From policy v1.35 the admission controller skips runAsNonRoot and runAsUser, and the baseline /proc mount rule, for pods
 * in a user namespace (`spec.hostUsers: false`): root in the container maps to an unprivileged user on the node.
 */
export function userNamespaceRelaxation(workload: WorkloadSubject, policy: PolicyVersion, control: string): FindingDraft | undefined {
  if (policy.minor < 35 || !inUserNamespace(workload)) return undefined;
  return {
    resource: workload.ref,
    status: 'pass',
    message: `${workload.description} runs in a user namespace (hostUsers: false), for which policy v1.${policy.minor} relaxes the ${control} control (from v1.35).`,
    evidence: [at(`${workload.specPath}.hostUsers`, false, 'false: a user namespace'), policy.evidence],
    related: workload.pods,
  };
}
