import type { ApiRequest, TransportProblem } from './api-request.js';
import { TransportError } from './api-request.js';
import type { KubeClient } from './kube-client.js';

export interface RetryPolicy {
  /** First backoff delay; each retry doubles it. */
  readonly baseDelayMs: number;
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  /** Ceiling for any one wait, Retry-After included. */
  readonly maxDelayMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 250, maxAttempts: 5, maxDelayMs: 30_000 };

/** Why a request finally failed: an HTTP status, or a transport problem when no answer arrived. */
export interface RequestFailure {
  readonly status?: number;
  readonly transport?: TransportProblem;
  /** The server's Status message, or what went wrong on the way. */
  readonly message: string;
  readonly attempts: number;
}

export type JsonResult = { readonly ok: true; readonly status: number; readonly value: unknown } | { readonly ok: false; readonly failure: RequestFailure };

/**
 * Sends a request and parses its JSON answer, retrying what may pass: 429 (waiting as long as Retry-After
 * says), 5xx, network errors, timeouts and bodies cut short or unparsable, with exponential backoff.
 * 4xx answers and TLS failures are final at once: asking again cannot change them.
 */
export async function requestJson(client: KubeClient, request: ApiRequest, policy: RetryPolicy = DEFAULT_RETRY): Promise<JsonResult> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await attemptOnce(client, request, attempt);
    if (outcome.ok || !outcome.retryable || attempt >= policy.maxAttempts) return outcome.ok ? outcome : { ok: false, failure: outcome.failure };
    await sleep(retryDelayMs(attempt, outcome.retryAfterSeconds, policy));
  }
}

type Attempt = { readonly ok: true; readonly status: number; readonly value: unknown } | { readonly ok: false; readonly failure: RequestFailure; readonly retryable: boolean; readonly retryAfterSeconds: number | undefined };

async function attemptOnce(client: KubeClient, request: ApiRequest, attempt: number): Promise<Attempt> {
  let response;
  try {
    response = await client.request(request);
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    return { ok: false, failure: { transport: error.problem, message: error.message, attempts: attempt }, retryable: error.problem !== 'tls', retryAfterSeconds: undefined };
  }
  const { status } = response;
  if (status >= 200 && status < 300) {
    const value = parseJson(response.body);
    if (value !== undefined) return { ok: true, status, value };
    return { ok: false, failure: { status, message: 'the response body is not valid JSON', attempts: attempt }, retryable: true, retryAfterSeconds: undefined };
  }
  const failure: RequestFailure = { status, message: statusMessageOf(response.body, status), attempts: attempt };
  return { ok: false, failure, retryable: status === 429 || status >= 500, retryAfterSeconds: retryAfterOf(response.headers['retry-after']) };
}

/**
 * How long to wait before attempt `attempt + 1`: the server's Retry-After when it gave one, otherwise
 * `baseDelayMs * 2^(attempt-1)`; never more than `maxDelayMs`. No jitter: one collector per cluster
 * does not make a thundering herd, and fixed delays keep runs reproducible.
 */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | undefined, policy: RetryPolicy): number {
  const ceiling = policy.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs ?? 30_000;
  const wanted = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(ceiling, Math.max(0, wanted));
}

/** Retry-After in seconds (the only form the API server sends); HTTP dates are read too. */
export function retryAfterOf(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function statusMessageOf(body: string, status: number): string {
  const value = parseJson(body);
  const message = value !== null && typeof value === 'object' && 'message' in value ? (value as { message: unknown }).message : undefined;
  return typeof message === 'string' && message !== '' ? message.split('\n')[0] ?? message : `HTTP ${status}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
