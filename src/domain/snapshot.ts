import type { JsonObject, JsonValue } from './json.js';

/** Kubernetes object metadata, as far as kubevidence reads it. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly creationTimestamp?: string;
  readonly [key: string]: unknown;
}

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
  readonly controller?: boolean;
}

/**
 * One API object as collected: managedFields, last-applied-configuration and any
 * Secret data already removed (see collect/redact.ts). Everything else is verbatim.
 */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [key: string]: JsonValue | ObjectMeta | undefined;
}

/** What a finding is about. Node- and cluster-level subjects use kind `Node` / `Cluster`. */
export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export const GAP_REASONS = [
  'forbidden', // 403: the collector may not read it
  'unauthorized', // 401
  'not-served', // 404: the API (or CRD) does not exist on this server
  'error', // 5xx, timeouts, truncated bodies, after retries
  'managed-control-plane', // no static pods: the provider runs the control plane out of sight
  'not-collected', // offline input that did not contain this kind (snapshots written before not-in-input existed)
  'not-in-input', // offline manifests hold no object of this kind, and were not declared complete for it
] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** Evidence that could not be examined. A gap is evidence too: every check that needed it is `unknown`. */
export interface Gap {
  /** Kind key as in {@link kindKeyOf}: `Pod`, `NetworkPolicy.networking.k8s.io`; `Node/configz` for kubelet config. */
  readonly kind: string;
  readonly namespace?: string;
  readonly node?: string;
  readonly reason: GapReason;
  readonly httpStatus?: number;
  readonly detail: string;
}

export interface ClusterIdentity {
  /** UID of the kube-system namespace: stable for the life of the cluster. null when unknown (offline input). */
  readonly uid: string | null;
  readonly name: string;
  readonly server: string | null;
  readonly version: string | null;
}

export interface CollectorIdentity {
  readonly username: string;
  readonly groups: readonly string[];
  readonly source: 'SelfSubjectReview' | 'kubeconfig' | 'file' | 'unknown';
}

/** The kubelet's running configuration as served by `/api/v1/nodes/{name}/proxy/configz` (`kubeletconfig` object). */
export interface NodeConfig {
  readonly node: string;
  readonly kubeletConfig: JsonObject;
}

export type SnapshotSource =
  | { readonly type: 'cluster'; readonly context: string | null }
  | { readonly type: 'file'; readonly path: string };

/** Everything collected in one run, from a live cluster or from files: one type, whatever the source. */
export interface Snapshot {
  readonly schemaVersion: 1;
  readonly cluster: ClusterIdentity;
  /** ISO-8601 UTC; null when offline input carries no date and none was given. */
  readonly collectedAt: string | null;
  readonly collector: CollectorIdentity;
  readonly source: SnapshotSource;
  /**
   * Kind keys whose complete list was read. A kind absent from here was not examined,
   * so a check that needs it must say `unknown`, not `pass`.
   */
  readonly collectedKinds: readonly string[];
  /** Sorted by kind key, namespace, name. */
  readonly resources: readonly KubeObject[];
  readonly nodeConfigs: readonly NodeConfig[];
  readonly gaps: readonly Gap[];
}

/** `Pod`, `Deployment.apps`, `NetworkPolicy.networking.k8s.io`, `NetworkPolicy.crd.projectcalico.org` (kubectl's form). */
export function kindKeyOf(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? kind : `${kind}.${apiVersion.slice(0, slash)}`;
}

export function refOf(object: KubeObject): ResourceRef {
  const { apiVersion, kind, metadata } = object;
  return metadata.namespace === undefined
    ? { apiVersion, kind, name: metadata.name }
    : { apiVersion, kind, namespace: metadata.namespace, name: metadata.name };
}

/** `Deployment/shop/frontend`, `ClusterRole/admin`: how a subject is named in messages and keys. */
export function describeRef(ref: ResourceRef): string {
  return ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`;
}
