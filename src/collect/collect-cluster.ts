import type { Gap, KubeObject, Snapshot } from '../domain/snapshot.js';
import { assembleSnapshot } from './assemble-snapshot.js';
import { mapWithConcurrency } from './concurrency.js';
import { readClusterUid, readCollectorIdentity, readServerVersion } from './identity.js';
import { openKubeClient, type KubeClient } from './kube-client.js';
import { COLLECTED_KINDS, keyOfCollectedKind, type CollectedKind } from './kinds.js';
import { listKind, type ListOptions, type ListOutcome } from './list-resources.js';
import { collectNodeConfigs, NODE_CONFIG_GAP_KIND } from './node-configs.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';

export interface CollectProgress {
  readonly kindsDone: number;
  readonly kindsTotal: number;
  readonly objects: number;
}

export interface CollectOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Name recorded for the cluster; the kubeconfig cluster entry's name by default. */
  readonly clusterName?: string;
  /** Kinds listed in parallel (default 4). */
  readonly concurrency?: number;
  readonly onProgress?: (progress: CollectProgress) => void;
  readonly retry?: RetryPolicy;
  /** Objects per page (default 500). */
  readonly pageSize?: number;
  /** Per-request timeout (default 60 s). */
  readonly requestTimeoutMs?: number;
  /** Environment for kubeconfig resolution (process.env by default). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_CONCURRENCY = 4;
const PREFLIGHT_ATTEMPTS = 3;

/**
 * Collects a Snapshot from a live cluster. Fatal problems (kubeconfig, unreachable server, TLS, rejected
 * credentials) throw before anything is listed; after that, every kind or node that cannot be read becomes
 * a gap and the collection carries on. Secrets are listed metadata-only.
 */
export async function collectSnapshot(options: CollectOptions = {}): Promise<Snapshot> {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const retry = options.retry ?? DEFAULT_RETRY;
  const client = await openKubeClient({
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    maxSockets: concurrency,
  });
  try {
    return await collectWith(client, { ...options, concurrency, retry });
  } finally {
    client.close();
  }
}

interface Settings extends CollectOptions {
  readonly concurrency: number;
  readonly retry: RetryPolicy;
}

async function collectWith(client: KubeClient, settings: Settings): Promise<Snapshot> {
  const collectedAt = new Date().toISOString();
  // Few attempts at first contact: a server that refuses connections now is reported in a second, not after minutes.
  const version = await readServerVersion(client, { ...settings.retry, maxAttempts: Math.min(settings.retry.maxAttempts, PREFLIGHT_ATTEMPTS) });
  const [uid, collector] = await Promise.all([readClusterUid(client, settings.retry), readCollectorIdentity(client, settings.retry)]);
  const listed = await listAllKinds(client, settings);
  const nodes = listed.get('Node');
  const nodeConfigs = nodes?.ok === true ? await collectNodeConfigs(client, nodes.objects, settings) : { configs: [], gaps: [nodesUnlistedGap(nodes)] };
  const resources = [...listed.values()].flatMap((outcome) => (outcome.ok ? outcome.objects : []));
  return assembleSnapshot({
    cluster: { uid: uid ?? kubeSystemUidIn(resources), name: settings.clusterName ?? client.clusterName, server: client.server, version },
    collectedAt,
    collector,
    source: { type: 'cluster', context: client.context },
    collectedKinds: [...listed.entries()].filter(([, outcome]) => outcome.ok).map(([key]) => key),
    resources,
    nodeConfigs: nodeConfigs.configs,
    gaps: [...[...listed.values()].flatMap((outcome) => (outcome.ok ? [] : [outcome.gap])), ...nodeConfigs.gaps],
  });
}

/**
 * Lists every kind, `concurrency` at a time. Kinds behind an optional CRD (Calico, Cilium) go last,
 * once the CRD list says whether they exist: a kind whose CRD is absent has no objects by construction,
 * so it counts as collected (and empty), not as a gap.
 */
async function listAllKinds(client: KubeClient, settings: Settings): Promise<Map<string, ListOutcome>> {
  const outcomes = new Map<string, ListOutcome>();
  const progress = progressTracker(COLLECTED_KINDS.length, settings.onProgress);
  const run = async (kind: CollectedKind, list: (options: ListOptions) => Promise<ListOutcome>): Promise<void> => {
    const key = keyOfCollectedKind(kind);
    const outcome = await list({ retry: settings.retry, ...(settings.pageSize === undefined ? {} : { pageSize: settings.pageSize }), onObjects: (count) => progress.reading(key, count) });
    outcomes.set(key, outcome);
    progress.done(key, outcome.ok ? outcome.objects.length : 0);
  };
  const always = COLLECTED_KINDS.filter((kind) => kind.optionalCrd === undefined);
  const optional = COLLECTED_KINDS.filter((kind) => kind.optionalCrd !== undefined);
  await mapWithConcurrency(always, settings.concurrency, (kind) => run(kind, (options) => listKind(client, kind, options)));
  const crds = crdNamesIn(outcomes.get('CustomResourceDefinition.apiextensions.k8s.io'));
  await mapWithConcurrency(optional, settings.concurrency, (kind) => run(kind, (options) => listOptionalKind(client, kind, crds, options)));
  // The declared order, so the snapshot's gap list does not depend on which request finished first.
  return new Map(COLLECTED_KINDS.map(keyOfCollectedKind).flatMap((key) => {
    const outcome = outcomes.get(key);
    return outcome === undefined ? [] : [[key, outcome] as const];
  }));
}

/**
 * Counts objects per kind, so a list that restarts (410) or ends in a gap does not count its pages twice
 * or at all; reports after every page and every finished kind.
 */
function progressTracker(kindsTotal: number, onProgress: ((progress: CollectProgress) => void) | undefined): { reading(key: string, objects: number): void; done(key: string, objects: number): void } {
  const objectsByKind = new Map<string, number>();
  let kindsDone = 0;
  const emit = (): void => {
    let objects = 0;
    for (const count of objectsByKind.values()) objects += count;
    onProgress?.({ kindsDone, kindsTotal, objects });
  };
  emit();
  return {
    reading: (key, objects) => {
      objectsByKind.set(key, objects);
      emit();
    },
    done: (key, objects) => {
      objectsByKind.set(key, objects);
      kindsDone += 1;
      emit();
    },
  };
}

/**
 * With the CRD list at hand, an absent CRD means an empty kind. Without it (CRDs unreadable), the kind is
 * listed anyway and a 404 means the same: the server does not serve that API, so nothing of it exists.
 */
async function listOptionalKind(client: KubeClient, kind: CollectedKind, crds: ReadonlySet<string> | undefined, options: ListOptions): Promise<ListOutcome> {
  if (crds !== undefined && kind.optionalCrd !== undefined && !crds.has(kind.optionalCrd)) return { ok: true, objects: [] };
  const outcome = await listKind(client, kind, options);
  if (!outcome.ok && crds === undefined && outcome.gap.httpStatus === 404) return { ok: true, objects: [] };
  return outcome;
}

function crdNamesIn(outcome: ListOutcome | undefined): ReadonlySet<string> | undefined {
  return outcome?.ok === true ? new Set(outcome.objects.map((object) => object.metadata.name)) : undefined;
}

function nodesUnlistedGap(nodes: ListOutcome | undefined): Gap {
  const reason = nodes !== undefined && !nodes.ok ? nodes.gap.reason : 'error';
  return { kind: NODE_CONFIG_GAP_KIND, reason, detail: 'nodes could not be listed, so no kubelet configuration was read' };
}

/** When the kube-system GET was refused but the namespace list was not. */
function kubeSystemUidIn(resources: readonly KubeObject[]): string | null {
  const kubeSystem = resources.find((object) => object.kind === 'Namespace' && object.metadata.name === 'kube-system');
  return kubeSystem?.metadata.uid ?? null;
}
