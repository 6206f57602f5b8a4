import { existsSync, readFileSync, statSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import { Agent, type RequestOptions } from 'node:https';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { clusterError, EXIT_CODES, inputError, invalidInput, type KvError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { sendApiRequest, type ApiRequest, type ApiResponse, type Connection } from './api-request.js';

export interface KubeClientOptions {
  /** `--kubeconfig`: wins over KUBECONFIG and ~/.kube/config. */
  readonly kubeconfig?: string;
  /** `--context`: wins over the kubeconfig's current-context. */
  readonly context?: string;
  /** Environment to resolve KUBECONFIG, HOME and in-cluster variables from (process.env by default). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Per-request timeout. */
  readonly requestTimeoutMs?: number;
  /** Upper bound on parallel connections (the collector's concurrency). */
  readonly maxSockets?: number;
}

/** A connection to one cluster, resolved from the kubeconfig the way kubectl resolves it. */
export interface KubeClient {
  readonly server: string;
  /** Context used; null in-cluster. */
  readonly context: string | null;
  /** Name of the kubeconfig cluster entry (`inCluster` in a pod). */
  readonly clusterName: string;
  /** Name of the kubeconfig user entry: the collector's identity when SelfSubjectReview is unavailable. */
  readonly userName: string;
  /** Sends one request; resolves with any HTTP answer, rejects with a TransportError when none arrived. */
  request(request: ApiRequest): Promise<ApiResponse>;
  close(): void;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const DEFAULT_TIMEOUT_MS = 60_000;
/** Credentials from exec plugins are re-read this often; client-node would otherwise run the plugin per request. */
const CREDENTIAL_REFRESH_MS = 60_000;

/**
 * Loads the kubeconfig like kubectl (`--kubeconfig`, then KUBECONFIG, then ~/.kube/config, then the pod's
 * service account when KUBERNETES_SERVICE_HOST is set), selects the context and prepares TLS and credentials
 * through client-node (CA, client certificates, tokens, exec plugins). Kubeconfig problems are input errors
 * (exit 3); nothing is sent to the cluster yet.
 */
export async function openKubeClient(options: KubeClientOptions = {}): Promise<KubeClient> {
  const env = options.env ?? process.env;
  const { config, source } = loadKubeConfig(options.kubeconfig, env);
  const context = selectContext(config, options.context, source);
  const cluster = config.getCurrentCluster();
  const user = config.getCurrentUser();
  if (cluster === null) throw inputError('kubeconfig.invalid', `context "${context}" names a cluster that is not in the kubeconfig`, { file: source });
  if (user === null) throw inputError('kubeconfig.invalid', `context "${context}" names a user that is not in the kubeconfig`, { file: source });
  const server = parseServer(cluster.server, source);
  const credentials = credentialSource(config, source);
  const first = await credentials();
  const agent = agentFor(first, options.maxSockets ?? 8, cluster.proxyUrl !== undefined);
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    server: cluster.server,
    context: source === 'in-cluster' ? null : context,
    clusterName: cluster.name,
    userName: user.name,
    request: async (request) => sendApiRequest(connectionOf(server, agent, await credentials(), timeoutMs), request),
    close: () => agent.destroy(),
  };
}

interface LoadedConfig {
  readonly config: KubeConfig;
  /** File(s) it came from, or `in-cluster`: named in error messages. */
  readonly source: string;
}

function loadKubeConfig(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>): LoadedConfig {
  if (explicit !== undefined) return { config: loadFiles([requireFile(explicit)]), source: explicit };
  const fromEnv = (env['KUBECONFIG'] ?? '').split(delimiter).filter((file) => file !== '');
  if (fromEnv.length > 0) {
    // kubectl skips KUBECONFIG entries that do not exist, as long as one does.
    const existing = fromEnv.filter((file) => existsSync(file));
    if (existing.length === 0) throw inputError('kubeconfig.not-found', `no kubeconfig found: none of the KUBECONFIG files exist (${fromEnv.join(delimiter)})`);
    return { config: loadFiles(existing), source: existing.join(delimiter) };
  }
  const home = join(env['HOME'] ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return { config: loadFiles([home]), source: home };
  if (env['KUBERNETES_SERVICE_HOST'] !== undefined && env['KUBERNETES_SERVICE_HOST'] !== '') return { config: loadInCluster(), source: 'in-cluster' };
  throw invalidInput('kubeconfig', 'no kubeconfig found: pass {input}, set KUBECONFIG, or create ~/.kube/config', { code: 'kubeconfig.not-found', exitCode: EXIT_CODES.badInput });
}

function requireFile(file: string): string {
  try {
    if (statSync(file).isFile()) return file;
  } catch {
    // Reported below, in one place.
  }
  throw inputError('kubeconfig.not-found', 'kubeconfig not found', { file });
}

/** Several files merge as kubectl merges them: the first file to name a cluster, user or context wins. */
function loadFiles(files: readonly string[]): KubeConfig {
  const [first, ...rest] = files.map(loadFile);
  if (first === undefined) throw inputError('kubeconfig.not-found', 'no kubeconfig found');
  for (const other of rest) mergeInto(first, other);
  return first;
}

function loadFile(file: string): KubeConfig {
  const config = new KubeConfig();
  // client-node fails on an empty file with a TypeError; say what is wrong instead.
  if (readFileSync(file, 'utf8').trim() === '') throw inputError('kubeconfig.invalid', 'invalid kubeconfig: the file is empty', { file });
  try {
    config.loadFromFile(file);
  } catch (error) {
    throw inputError('kubeconfig.invalid', `invalid kubeconfig: ${firstLine(error)}`, { file });
  }
  if (config.getContexts().length === 0 && config.getClusters().length === 0) {
    throw inputError('kubeconfig.invalid', 'invalid kubeconfig: it defines no clusters and no contexts', { file });
  }
  return config;
}

function mergeInto(target: KubeConfig, other: KubeConfig): void {
  const has = <T extends { name: string }>(list: readonly T[], name: string): boolean => list.some((entry) => entry.name === name);
  for (const cluster of other.getClusters()) if (!has(target.getClusters(), cluster.name)) target.addCluster(cluster);
  for (const user of other.getUsers()) if (!has(target.getUsers(), user.name)) target.addUser(user);
  for (const context of other.getContexts()) if (!has(target.getContexts(), context.name)) target.addContext(context);
  if (!target.getCurrentContext() && other.getCurrentContext()) target.setCurrentContext(other.getCurrentContext());
}

function loadInCluster(): KubeConfig {
  if (!existsSync(SERVICE_ACCOUNT_TOKEN)) throw inputError('kubeconfig.not-found', `KUBERNETES_SERVICE_HOST is set but there is no service account token at ${SERVICE_ACCOUNT_TOKEN}`);
  const config = new KubeConfig();
  config.loadFromCluster();
  return config;
}

function selectContext(config: KubeConfig, wanted: string | undefined, source: string): string {
  const names = config.getContexts().map((context) => context.name);
  const name = wanted ?? config.getCurrentContext();
  if (name === undefined || name === '') throw invalidInput('context', 'kubeconfig has no current-context; pass {input}', { code: 'kubeconfig.no-context', exitCode: EXIT_CODES.badInput, location: { file: source } });
  if (!names.includes(name)) {
    const known = names.length === 0 ? 'none' : names.join(', ');
    throw inputError('kubeconfig.unknown-context', `context "${name}" not found in kubeconfig (contexts: ${known})`, { file: source });
  }
  config.setCurrentContext(name);
  return name;
}

function parseServer(server: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw inputError('kubeconfig.invalid', `cluster server "${server}" is not a URL`, { file: source });
  }
  // TLS verification is on by design: plain HTTP would send credentials and evidence in the clear.
  if (url.protocol !== 'https:') throw inputError('kubeconfig.invalid', `cluster server "${server}" must use https`, { file: source });
  return url;
}

/**
 * Credentials as client-node computes them (token, client certificate, exec plugin, auth provider),
 * cached briefly so an exec plugin runs once a minute rather than once per request.
 */
function credentialSource(config: KubeConfig, source: string): () => Promise<RequestOptions> {
  let cached: { readonly at: number; readonly options: RequestOptions } | undefined;
  return async () => {
    if (cached !== undefined && Date.now() - cached.at < CREDENTIAL_REFRESH_MS) return cached.options;
    const options: RequestOptions = {};
    try {
      await config.applyToHTTPSOptions(options);
    } catch (error) {
      throw credentialError(error, source);
    }
    cached = { at: Date.now(), options };
    return options;
  };
}

function credentialError(error: unknown, source: string): KvError {
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (syscall?.startsWith('spawn') === true) return clusterError('cluster.credentials', `cannot run the kubeconfig's credential plugin: ${firstLine(error)}`, error);
  // A certificate or key file named in the kubeconfig that cannot be read is a kubeconfig problem.
  if (code === 'ENOENT' || code === 'EACCES') return inputError('kubeconfig.invalid', `cannot read a file the kubeconfig names: ${firstLine(error)}`, { file: source });
  const message = error instanceof Error && error.message.trim() === '' ? 'the credential plugin failed and printed nothing' : firstLine(error);
  return clusterError('cluster.credentials', `could not obtain credentials for the cluster: ${message}`, error);
}

/** One keep-alive agent for the whole collection; client-node's own agent is kept only when a proxy is configured. */
function agentFor(options: RequestOptions, maxSockets: number, viaProxy: boolean): Agent {
  if (viaProxy && options.agent instanceof Agent) return options.agent;
  return new Agent({
    keepAlive: true,
    maxSockets,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.cert === undefined ? {} : { cert: options.cert }),
    ...(options.key === undefined ? {} : { key: options.key }),
    ...(options.servername === undefined ? {} : { servername: options.servername }),
    ...(options.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: options.rejectUnauthorized }),
  });
}

function connectionOf(server: URL, agent: Agent, options: RequestOptions, timeoutMs: number): Connection {
  const headers: OutgoingHttpHeaders = { ...(options.headers as OutgoingHttpHeaders | undefined), 'User-Agent': `kubevidence/${TOOL_VERSION}` };
  return { server, agent, headers, auth: options.auth ?? undefined, timeoutMs };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}
