import type { Gap, KubeObject } from '../domain/snapshot.js';
import { gapOf } from './gaps.js';
import type { KubeClient } from './kube-client.js';
import { keyOfCollectedKind, type CollectedKind } from './kinds.js';
import { redactObject } from './redact.js';
import { DEFAULT_RETRY, requestJson, type RequestFailure, type RetryPolicy } from './retry.js';

/**
 * Asks for PartialObjectMetadataList and nothing else: with no plain `application/json` fallback, a server
 * that cannot answer metadata-only refuses (406, a gap) rather than sending Secret values.
 */
export const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

export const DEFAULT_PAGE_SIZE = 500;
/** A list whose continue token expires (410) is started again from the top this many times at most. */
const MAX_RESTARTS = 3;

export interface ListOptions {
  readonly pageSize?: number;
  readonly retry?: RetryPolicy;
  /** Called after every page with the objects read so far (from zero again when the list restarts). */
  readonly onObjects?: (objects: number) => void;
}

export type ListOutcome = { readonly ok: true; readonly objects: readonly KubeObject[] } | { readonly ok: false; readonly gap: Gap };

/**
 * Lists every object of a kind across all namespaces, page by page (`limit` + `continue`). When the
 * continue token expires mid-list (410 Gone) the list restarts from the first page: stitching pages of two
 * different resource versions together could drop or duplicate objects. A kind that cannot be read in full
 * is a gap, never a partial list.
 */
export async function listKind(client: KubeClient, kind: CollectedKind, options: ListOptions = {}): Promise<ListOutcome> {
  for (let restart = 0; ; restart += 1) {
    const outcome = await listOnce(client, kind, options);
    if (outcome.ok) return outcome;
    const expired = outcome.failure.status === 410 && outcome.midList;
    if (!expired || restart >= MAX_RESTARTS) return { ok: false, gap: gapOf(keyOfCollectedKind(kind), outcome.failure) };
  }
}

type OnceOutcome = { readonly ok: true; readonly objects: readonly KubeObject[] } | { readonly ok: false; readonly failure: RequestFailure; readonly midList: boolean };

async function listOnce(client: KubeClient, kind: CollectedKind, options: ListOptions): Promise<OnceOutcome> {
  const objects: KubeObject[] = [];
  let token: string | undefined;
  do {
    const request = { path: listPathOf(kind, options.pageSize ?? DEFAULT_PAGE_SIZE, token), ...(kind.metadataOnly === true ? { accept: METADATA_ONLY_ACCEPT } : {}) };
    const result = await requestJson(client, request, options.retry ?? DEFAULT_RETRY);
    if (!result.ok) return { ok: false, failure: result.failure, midList: token !== undefined };
    const page = readPage(result.value, kind);
    if (typeof page === 'string') return { ok: false, failure: { status: result.status, message: page, attempts: 1 }, midList: false };
    objects.push(...page.items);
    options.onObjects?.(objects.length);
    token = page.continueToken;
  } while (token !== undefined);
  return { ok: true, objects };
}

/** `/api/v1/pods?limit=500`, `/apis/apps/v1/deployments?limit=500&continue=...` */
export function listPathOf(kind: CollectedKind, limit: number, continueToken?: string): string {
  const prefix = kind.group === '' ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  const query = new URLSearchParams({ limit: String(limit) });
  if (continueToken !== undefined) query.set('continue', continueToken);
  return `${prefix}/${kind.plural}?${query.toString()}`;
}

interface Page {
  readonly items: readonly KubeObject[];
  readonly continueToken: string | undefined;
}

/** The page's objects, typed and redacted on arrival; a string says why the page is unusable. */
function readPage(value: unknown, kind: CollectedKind): Page | string {
  if (!isRecord(value) || !Array.isArray(value['items'])) return 'the list response has no items array';
  const items: KubeObject[] = [];
  for (const item of value['items'] as unknown[]) {
    const object = objectOf(item, kind);
    if (object === undefined) return 'the list response holds an item without metadata.name';
    items.push(object);
  }
  const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
  const token = metadata['continue'];
  return { items, continueToken: typeof token === 'string' && token !== '' ? token : undefined };
}

/**
 * List items of built-in kinds come without apiVersion/kind and metadata-only items say
 * `PartialObjectMetadata`, so both are set from the kind that was listed. Metadata-only kinds keep only
 * metadata whatever else arrived, and every object is redacted before anything else holds it.
 */
function objectOf(item: unknown, kind: CollectedKind): KubeObject | undefined {
  if (!isRecord(item) || !isRecord(item['metadata']) || typeof item['metadata']['name'] !== 'string') return undefined;
  const apiVersion = kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
  const typed = kind.metadataOnly === true ? { apiVersion, kind: kind.kind, metadata: item['metadata'] } : { ...item, apiVersion, kind: kind.kind };
  return redactObject(typed as unknown as KubeObject);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
