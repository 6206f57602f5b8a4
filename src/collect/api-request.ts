import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest, type Agent, type RequestOptions } from 'node:https';

/** One request to the Kubernetes API; `path` is relative to the server URL and may carry a query. */
export interface ApiRequest {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly accept?: string;
  readonly body?: string;
}

/** Any HTTP answer, success or not: callers decide what a status means. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export const TRANSPORT_PROBLEMS = ['tls', 'network', 'timeout', 'truncated'] as const;
export type TransportProblem = (typeof TRANSPORT_PROBLEMS)[number];

/** The request got no complete HTTP answer. */
export class TransportError extends Error {
  readonly problem: TransportProblem;
  /** Node's error code (ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE...) when there is one. */
  readonly errorCode: string | undefined;

  constructor(problem: TransportProblem, message: string, errorCode?: string) {
    super(message);
    this.name = 'TransportError';
    this.problem = problem;
    this.errorCode = errorCode;
  }
}

/** Where and how to send: the server URL, the TLS agent, and headers/credentials from the kubeconfig. */
export interface Connection {
  readonly server: URL;
  readonly agent: Agent;
  readonly headers: OutgoingHttpHeaders;
  /** `user:password` for basic auth, when the kubeconfig has one. */
  readonly auth: string | undefined;
  readonly timeoutMs: number;
}

/** Sends one HTTPS request and reads the whole body; a body cut short is a transport error, not a response. */
export function sendApiRequest(connection: Connection, request: ApiRequest): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(requestOptions(connection, request), (response) => {
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
      });
      response.on('error', (error) => reject(new TransportError('truncated', `response body cut short (${error.message})`, errorCodeOf(error))));
      response.on('end', () => {
        const announced = Number.parseInt(response.headers['content-length'] ?? '', 10);
        if (!response.complete || (Number.isFinite(announced) && received < announced)) {
          reject(new TransportError('truncated', `response body cut short (${received} of ${Number.isFinite(announced) ? announced : '?'} bytes)`));
          return;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new TransportError('timeout', `no answer within ${connection.timeoutMs} ms`)));
    outgoing.on('error', (error) => reject(error instanceof TransportError ? error : classify(error)));
    outgoing.end(request.body);
  });
}

function requestOptions(connection: Connection, request: ApiRequest): RequestOptions {
  const { server } = connection;
  const basePath = server.pathname.replace(/\/+$/, '');
  const headers: OutgoingHttpHeaders = {
    ...connection.headers,
    Accept: request.accept ?? 'application/json',
    ...(request.body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(request.body) }),
  };
  return {
    protocol: server.protocol,
    hostname: server.hostname.replace(/^\[|\]$/g, ''),
    port: server.port === '' ? 443 : Number(server.port),
    path: `${basePath}${request.path}`,
    method: request.method ?? 'GET',
    agent: connection.agent,
    headers,
    timeout: connection.timeoutMs,
    ...(connection.auth === undefined ? {} : { auth: connection.auth }),
  };
}

/** TLS problems are told apart from network ones: retrying cannot fix a certificate that does not verify. */
function classify(error: Error): TransportError {
  const code = errorCodeOf(error);
  if (code !== undefined && isTlsErrorCode(code)) return new TransportError('tls', `TLS verification failed (${code}): ${error.message}`, code);
  if (code === 'ECONNRESET' && /socket hang up/.test(error.message)) return new TransportError('network', `connection closed by the server (${code})`, code);
  return new TransportError('network', code === undefined ? error.message : `${code}: ${error.message}`, code);
}

function isTlsErrorCode(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY|DECRYPT)|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH|ALTNAME/.test(code);
}

function errorCodeOf(error: Error): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : undefined;
}
