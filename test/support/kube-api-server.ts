import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { CollectedKind } from '../../src/collect/kinds.js';
import type { JsonObject } from '../../src/domain/json.js';
import type { KubeObject } from '../../src/domain/snapshot.js';
import { FaultBook, type Fault } from './kube-api-faults.js';
import { indexObjects, itemJson, metadataItemJson, nameKey, resourceKey, type ObjectIndex, type ServedKind, type StoredObject } from './kube-api-objects.js';
import { writeKubeconfig } from './kubeconfig.js';
import { tlsMaterial, type CertificatePair } from './tls-material.js';

export type { Fault } from './kube-api-faults.js';

/**
 * A small Kubernetes API server over real HTTPS for tests: it serves objects at the real REST paths,
 * paginates honestly, authenticates bearer tokens and client certificates, and injects faults on demand.
 * The collector under test talks to it through @kubernetes/client-node exactly as it would to a cluster.
 */
export interface KubeApiServerOptions {
  readonly objects: readonly KubeObject[];
  /** configz responses (`{"kubeletconfig": {...}}`) by node name; a node without one answers 404. */
  readonly nodeConfigs?: Readonly<Record<string, JsonObject>>;
  /** Bearer token the server accepts; random when not given. */
  readonly token?: string;
  readonly gitVersion?: string;
  /** false: the server predates SelfSubjectReview (POST answers 404). */
  readonly selfSubjectReview?: boolean;
  /** Who the token authenticates as. */
  readonly user?: { readonly username: string; readonly groups: readonly string[] };
  /** Kinds beyond the collector's own that the server should serve. */
  readonly extraKinds?: readonly CollectedKind[];
  /** Keep every response body in `requests` (for tests that search them); off for large benchmarks. */
  readonly recordBodies?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly accept: string | undefined;
  status: number;
  /** Response body bytes actually written (less than announced for a truncated body). */
  bytes: number;
  body?: string;
}

export interface KubeApiServer {
  readonly url: string;
  readonly token: string;
  readonly caPem: string;
  /** Client certificate signed by the server's CA, for client-certificate users. */
  readonly clientCert: CertificatePair;
  /**
   * A kubeconfig for this server with contexts `kv-test` (token), `kv-test-cert` (client certificate),
   * `kv-test-bad-token` (rejected with 401) and `kv-test-wrong-ca` (trusts another CA); `context` is current.
   */
  kubeconfigPath(context?: string): string;
  readonly requests: RecordedRequest[];
  /** Most requests ever open at once: tests bound the collector's concurrency with it. */
  maxInFlight(): number;
  setFault(target: string, fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export const TEST_CONTEXTS = ['kv-test', 'kv-test-cert', 'kv-test-bad-token', 'kv-test-wrong-ca'] as const;

/** Path of a node's kubelet configuration, the target for per-node configz faults. */
export function configzPath(node: string): string {
  return `/api/v1/nodes/${node}/proxy/configz`;
}

interface ServerState {
  readonly options: KubeApiServerOptions;
  readonly token: string;
  readonly index: ObjectIndex;
  readonly faults: FaultBook;
  readonly requests: RecordedRequest[];
  readonly timers: Set<NodeJS.Timeout>;
  readonly resourceVersion: string;
  readonly load: { inFlight: number; maxInFlight: number };
}

export async function startKubeApiServer(options: KubeApiServerOptions): Promise<KubeApiServer> {
  const tls = tlsMaterial();
  const state: ServerState = {
    options,
    token: options.token ?? randomBytes(16).toString('hex'),
    index: indexObjects(options.objects, options.extraKinds),
    faults: new FaultBook(),
    requests: [],
    timers: new Set(),
    resourceVersion: String(1000 + options.objects.length),
    load: { inFlight: 0, maxInFlight: 0 },
  };
  const server = createServer({ key: tls.server.keyPem, cert: tls.server.certPem, ca: [tls.ca.certPem], requestCert: true, rejectUnauthorized: false }, (request, response) => {
    handle(state, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const directory = mkdtempSync(join(tmpdir(), 'kv-kube-api-'));
  return {
    url,
    token: state.token,
    caPem: tls.ca.certPem,
    clientCert: tls.client,
    kubeconfigPath: (context = 'kv-test') => writeTestKubeconfig(join(directory, `kubeconfig-${context}.yaml`), url, state.token, context),
    requests: state.requests,
    maxInFlight: () => state.load.maxInFlight,
    setFault: (target, fault) => state.faults.set(target, fault),
    clearFaults: () => state.faults.clear(),
    close: () => closeServer(server, state, directory),
  };
}

function writeTestKubeconfig(path: string, url: string, token: string, context: string): string {
  const tls = tlsMaterial();
  return writeKubeconfig(path, {
    clusters: [
      { name: 'kv-test', server: url, caPem: tls.ca.certPem },
      { name: 'kv-test-wrong-ca', server: url, caPem: tls.otherCa.certPem },
    ],
    users: [
      { name: 'kv-token', token },
      { name: 'kv-cert', clientCertPem: tls.client.certPem, clientKeyPem: tls.client.keyPem },
      { name: 'kv-bad-token', token: 'not-the-token' },
    ],
    contexts: [
      { name: 'kv-test', cluster: 'kv-test', user: 'kv-token' },
      { name: 'kv-test-cert', cluster: 'kv-test', user: 'kv-cert' },
      { name: 'kv-test-bad-token', cluster: 'kv-test', user: 'kv-bad-token' },
      { name: 'kv-test-wrong-ca', cluster: 'kv-test-wrong-ca', user: 'kv-token' },
    ],
    currentContext: context,
  });
}

async function closeServer(server: Server, state: ServerState, directory: string): Promise<void> {
  for (const timer of state.timers) clearTimeout(timer);
  state.timers.clear();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(directory, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------------
// Request handling

interface Exchange {
  readonly state: ServerState;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly record: RecordedRequest;
  readonly url: URL;
  readonly segments: readonly string[];
}

function handle(state: ServerState, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'https://localhost');
  const record: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), accept: request.headers.accept, status: 0, bytes: 0 };
  state.requests.push(record);
  state.load.inFlight += 1;
  state.load.maxInFlight = Math.max(state.load.maxInFlight, state.load.inFlight);
  response.on('close', () => {
    state.load.inFlight -= 1;
  });
  const exchange: Exchange = { state, request, response, record, url, segments: url.pathname.split('/').filter((part) => part !== '') };
  // Drain the request body (SelfSubjectReview POSTs one) before answering.
  request.resume();
  request.on('end', () => route(exchange));
}

function route(exchange: Exchange): void {
  const user = authenticatedUser(exchange);
  if (user === undefined) return sendStatus(exchange, 401, 'Unauthorized', 'Unauthorized');
  const served = servedKindOf(exchange);
  const fault = exchange.state.faults.take([exchange.url.pathname, ...(served === undefined ? [] : [served.key])], exchange.url.searchParams.has('continue'));
  if (fault !== undefined && fault.type === 'slow') {
    const timer = setTimeout(() => {
      exchange.state.timers.delete(timer);
      answer(exchange, user, undefined);
    }, fault.delayMs);
    exchange.state.timers.add(timer);
    return;
  }
  answer(exchange, user, fault);
}

function answer(exchange: Exchange, user: UserInfo, fault: Fault | undefined): void {
  if (fault !== undefined && applyFault(exchange, fault)) return;
  const [first, second, third, fourth] = exchange.segments;
  if (first === 'version' && second === undefined) return sendJson(exchange, 200, versionInfo(exchange.state), fault);
  if (first === 'api' && second === undefined) return sendJson(exchange, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }, fault);
  if (first === 'apis' && second === undefined) return sendJson(exchange, 200, apiGroupList(exchange.state.index), fault);
  if (first === 'apis' && second === 'authentication.k8s.io' && third === 'v1' && fourth === 'selfsubjectreviews') return selfSubjectReview(exchange, user, fault);
  if (isConfigzPath(exchange.segments)) return configz(exchange, fault);
  const target = resourceTarget(exchange.segments);
  if (target === undefined) return sendStatus(exchange, 404, 'NotFound', 'the server could not find the requested resource');
  if (target.rest.length === 0) return sendJson(exchange, 200, apiResourceList(exchange.state.index, target.group, target.version), fault);
  resource(exchange, target, fault);
}

interface UserInfo {
  readonly username: string;
  readonly groups: readonly string[];
}

function authenticatedUser(exchange: Exchange): UserInfo | undefined {
  const header = exchange.request.headers.authorization;
  if (header === `Bearer ${exchange.state.token}`) return exchange.state.options.user ?? { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
  if (header !== undefined) return undefined;
  const socket = exchange.request.socket as TLSSocket;
  if (!socket.authorized) return undefined;
  const subject = socket.getPeerCertificate().subject as unknown as Record<string, string | string[] | undefined>;
  const organisations = subject['O'];
  return { username: String(subject['CN']), groups: [...(Array.isArray(organisations) ? organisations : organisations === undefined ? [] : [organisations]), 'system:authenticated'] };
}

/** Returns true when the fault produced the whole answer. Truncation is applied when the body is sent. */
function applyFault(exchange: Exchange, fault: Fault): boolean {
  switch (fault.type) {
    case 'status':
      sendStatus(exchange, fault.status, reasonOf(fault.status), messageOf(exchange, fault.status));
      return true;
    case 'expire-continue':
      sendStatus(exchange, 410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      return true;
    case 'rate-limit':
      sendStatus(exchange, 429, 'TooManyRequests', 'Too many requests, please try again later.', { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
      return true;
    case 'slow':
    case 'truncate':
      return false;
  }
}

function reasonOf(status: number): string {
  const reasons: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' };
  return reasons[status] ?? 'Unknown';
}

function messageOf(exchange: Exchange, status: number): string {
  const served = servedKindOf(exchange);
  const resourceName = served?.kind.plural ?? exchange.url.pathname;
  if (status === 403) return `${resourceName} is forbidden: User "kubernetes-admin" cannot list resource "${resourceName}" in API group "${served?.kind.group ?? ''}" at the cluster scope`;
  if (status === 404) return 'the server could not find the requested resource';
  return `Internal error occurred: injected fault ${status} on ${exchange.url.pathname}`;
}

function versionInfo(state: ServerState): JsonObject {
  const gitVersion = state.options.gitVersion ?? 'v1.31.2';
  const [major = '1', minor = '31'] = gitVersion.replace(/^v/, '').split('.');
  return { major, minor, gitVersion, gitCommit: '5864a4677267e6adeae276ad85882a8714d69d9d', gitTreeState: 'clean', buildDate: '2024-10-22T20:28:14Z', goVersion: 'go1.22.8', compiler: 'gc', platform: 'linux/amd64' };
}

function apiGroupList(index: ObjectIndex): JsonObject {
  const versionsByGroup = new Map<string, Set<string>>();
  for (const served of index.byKindKey.values()) {
    if (served.kind.group === '') continue;
    versionsByGroup.set(served.kind.group, (versionsByGroup.get(served.kind.group) ?? new Set()).add(served.kind.version));
  }
  versionsByGroup.set('authentication.k8s.io', new Set(['v1']));
  const groups = [...versionsByGroup.entries()].map(([name, versions]) => {
    const list = [...versions].map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: list, preferredVersion: list[0] ?? null };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

function apiResourceList(index: ObjectIndex, group: string, version: string): JsonObject {
  const resources = [...index.byKindKey.values()]
    .filter((served) => served.kind.group === group && served.kind.version === version)
    .map((served) => ({ name: served.kind.plural, singularName: served.kind.kind.toLowerCase(), namespaced: served.kind.namespaced, kind: served.kind.kind, verbs: ['get', 'list', 'watch'] }));
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources };
}

function selfSubjectReview(exchange: Exchange, user: UserInfo, fault: Fault | undefined): void {
  if (exchange.request.method !== 'POST') return sendStatus(exchange, 405, 'MethodNotAllowed', 'only POST is supported');
  if (exchange.state.options.selfSubjectReview === false) return sendStatus(exchange, 404, 'NotFound', 'the server could not find the requested resource');
  sendJson(exchange, 201, { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: { username: user.username, groups: [...user.groups] } } }, fault);
}

function isConfigzPath(segments: readonly string[]): boolean {
  return segments.length === 6 && segments[0] === 'api' && segments[1] === 'v1' && segments[2] === 'nodes' && segments[4] === 'proxy' && segments[5] === 'configz';
}

function configz(exchange: Exchange, fault: Fault | undefined): void {
  const node = exchange.segments[3] ?? '';
  const exists = exchange.state.index.byKindKey.get('Node')?.byName.has(nameKey(undefined, node)) ?? false;
  const config = exchange.state.options.nodeConfigs?.[node];
  if (!exists) return sendStatus(exchange, 404, 'NotFound', `nodes "${node}" not found`);
  if (config === undefined) return sendStatus(exchange, 404, 'NotFound', 'the server could not find the requested resource');
  sendJson(exchange, 200, config, fault);
}

// ---------------------------------------------------------------------------------------------------------
// Resources

interface ResourceTarget {
  readonly group: string;
  readonly version: string;
  /** Segments after `/api/v1` or `/apis/<group>/<version>`. */
  readonly rest: readonly string[];
}

function resourceTarget(segments: readonly string[]): ResourceTarget | undefined {
  if (segments[0] === 'api' && segments[1] === 'v1') return { group: '', version: 'v1', rest: segments.slice(2) };
  if (segments[0] === 'apis' && segments[1] !== undefined && segments[2] !== undefined) return { group: segments[1], version: segments[2], rest: segments.slice(3) };
  return undefined;
}

interface ResourceRequest {
  readonly served: ServedKind;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
}

/**
 * `<plural>`, `<plural>/<name>`, `namespaces/<ns>/<plural>`, `namespaces/<ns>/<plural>/<name>`;
 * `namespaces/<name>` is a GET of that namespace.
 */
function resourceRequestOf(index: ObjectIndex, target: ResourceTarget): ResourceRequest | undefined {
  const { group, version, rest } = target;
  const [a, b, c, d] = rest;
  const lookup = (plural: string | undefined): ServedKind | undefined => (plural === undefined ? undefined : index.byResource.get(resourceKey(group, version, plural)));
  if (a === 'namespaces' && c !== undefined && rest.length <= 4) {
    const served = lookup(c);
    return served === undefined || !served.kind.namespaced ? undefined : { served, namespace: b, name: d };
  }
  if (rest.length > 2) return undefined;
  const served = lookup(a);
  if (served === undefined || (served.kind.namespaced && b !== undefined)) return undefined;
  return { served, namespace: undefined, name: b };
}

function servedKindOf(exchange: Exchange): ServedKind | undefined {
  const target = resourceTarget(exchange.segments);
  return target === undefined ? undefined : resourceRequestOf(exchange.state.index, target)?.served;
}

function resource(exchange: Exchange, target: ResourceTarget, fault: Fault | undefined): void {
  const request = resourceRequestOf(exchange.state.index, target);
  if (request === undefined) return sendStatus(exchange, 404, 'NotFound', 'the server could not find the requested resource');
  if (exchange.request.method !== 'GET') return sendStatus(exchange, 405, 'MethodNotAllowed', 'the test API server is read-only');
  const metadataOnly = (exchange.request.headers.accept ?? '').includes('as=PartialObjectMetadata');
  if (request.name !== undefined) return getOne(exchange, request, metadataOnly, fault);
  listPage(exchange, request, metadataOnly, fault);
}

function getOne(exchange: Exchange, request: ResourceRequest, metadataOnly: boolean, fault: Fault | undefined): void {
  const stored = request.served.byName.get(nameKey(request.namespace, request.name ?? ''));
  if (stored === undefined) return sendStatus(exchange, 404, 'NotFound', `${request.served.kind.plural} "${request.name}" not found`);
  const body = metadataOnly ? metadataItemJson(stored) : JSON.stringify(stored.object);
  sendBody(exchange, 200, body, fault);
}

interface ContinueToken {
  readonly key: string;
  readonly namespace: string;
  readonly offset: number;
  readonly resourceVersion: string;
}

function listPage(exchange: Exchange, request: ResourceRequest, metadataOnly: boolean, fault: Fault | undefined): void {
  const all = request.namespace === undefined ? request.served.all : (request.served.byNamespace.get(request.namespace) ?? []);
  const params = exchange.url.searchParams;
  const token = params.has('continue') ? decodeContinue(params.get('continue') ?? '') : undefined;
  if (params.has('continue') && (token === undefined || token.key !== request.served.key || token.namespace !== (request.namespace ?? ''))) {
    return sendStatus(exchange, 400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  const limit = Number.parseInt(params.get('limit') ?? '0', 10);
  const start = token?.offset ?? 0;
  const end = limit > 0 ? Math.min(all.length, start + limit) : all.length;
  const metadata = listMetadata(exchange.state, request, end, all.length);
  sendBody(exchange, 200, listBody(request.served, all.slice(start, end), metadata, metadataOnly), fault);
}

function listMetadata(state: ServerState, request: ResourceRequest, end: number, total: number): JsonObject {
  if (end >= total) return { resourceVersion: state.resourceVersion };
  const token: ContinueToken = { key: request.served.key, namespace: request.namespace ?? '', offset: end, resourceVersion: state.resourceVersion };
  return { resourceVersion: state.resourceVersion, continue: Buffer.from(JSON.stringify(token)).toString('base64url'), remainingItemCount: total - end };
}

/** Built by concatenation so a page of cached item strings is never parsed or re-serialised. */
function listBody(served: ServedKind, items: readonly StoredObject[], metadata: JsonObject, metadataOnly: boolean): string {
  const head = metadataOnly
    ? { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata }
    : { kind: `${served.kind.kind}List`, apiVersion: served.kind.group === '' ? served.kind.version : `${served.kind.group}/${served.kind.version}`, metadata };
  const itemText = items.map((stored) => (metadataOnly ? metadataItemJson(stored) : itemJson(served, stored))).join(',');
  return `${JSON.stringify(head).slice(0, -1)},"items":[${itemText}]}`;
}

function decodeContinue(text: string): ContinueToken | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    return typeof value.key === 'string' && typeof value.namespace === 'string' && typeof value.offset === 'number' && typeof value.resourceVersion === 'string' ? (value as ContinueToken) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Responses

function sendStatus(exchange: Exchange, code: number, reason: string, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  sendBody(exchange, code, body, undefined, headers);
}

function sendJson(exchange: Exchange, code: number, value: JsonObject, fault: Fault | undefined): void {
  sendBody(exchange, code, JSON.stringify(value), fault);
}

function sendBody(exchange: Exchange, code: number, body: string, fault: Fault | undefined, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  const { response, record } = exchange;
  record.status = code;
  response.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length), ...headers });
  if (fault?.type === 'truncate') {
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    record.bytes = half.length;
    if (exchange.state.options.recordBodies === true) record.body = half.toString('utf8');
    // Flush what was written, then cut the connection mid-body, as a dying proxy would.
    response.write(half, () => response.destroy());
    return;
  }
  record.bytes = bytes.length;
  if (exchange.state.options.recordBodies === true) record.body = body;
  response.end(bytes);
}
