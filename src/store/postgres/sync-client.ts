import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ConnectionSettings, SqlValue, WorkerReply, WorkerRequest, WorkerStart } from './protocol.js';

/** A PostgreSQL error as the server reported it: SQLSTATE code (e.g. 23505) and message. */
export class PgQueryError extends Error {
  constructor(
    message: string,
    readonly sqlState: string | null,
  ) {
    super(message);
    this.name = 'PgQueryError';
  }
}

/** Longer than any single statement the store sends; past it the worker is taken for dead. */
const REPLY_TIMEOUT_MS = 15 * 60_000;
const LATE_REPLY_POLL_MS = 2;

export interface QueryResult {
  readonly rows: readonly unknown[];
  readonly rowCount: number;
}

/**
 * A synchronous PostgreSQL connection: the connection lives in a worker thread (node-postgres is async only) and
 * each call posts one request and blocks this thread on Atomics.wait until the worker posts the reply. Hand-written
 * rather than synckit because each store needs its own connection with its own lifetime (close ends the worker),
 * and Buffers must come back as Buffers.
 */
export class SyncPgClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  /** Never signalled: a short sleep while a posted reply becomes visible. */
  private readonly idle = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;

  constructor(connection: ConnectionSettings) {
    const shared = new SharedArrayBuffer(4);
    this.flag = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const start: WorkerStart = { flag: shared, port: port2, connection };
    // No loader hooks in the worker: it is plain JavaScript (see worker.mjs).
    this.worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: start, transferList: [port2], execArgv: [] });
    this.worker.unref();
    this.port.unref();
  }

  query(sql: string, params: readonly SqlValue[] = [], options: { rowMode?: 'array'; name?: string } = {}): QueryResult {
    const reply = this.call({ op: 'query', sql, params, ...options });
    if (!reply.ok) throw new PgQueryError(reply.message, reply.code);
    return { rows: reply.rows.map(withBuffers), rowCount: reply.rowCount };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.call({ op: 'close' });
    } finally {
      void this.worker.terminate();
    }
  }

  private call(request: WorkerRequest): WorkerReply {
    if (this.closed && request.op !== 'close') throw new PgQueryError('the PostgreSQL store is closed', null);
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(request);
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    // The flag says a reply was posted; the message itself can become visible on this port a moment later.
    for (;;) {
      Atomics.wait(this.flag, 0, 0, Math.max(1, Math.min(LATE_REPLY_POLL_MS * 100, deadline - Date.now())));
      const message = receiveMessageOnPort(this.port);
      if (message !== undefined) return message.message as WorkerReply;
      if (Date.now() >= deadline) throw new PgQueryError('PostgreSQL did not answer in time (the connection thread may have stopped)', null);
      if (Atomics.load(this.flag, 0) === 1) Atomics.wait(this.idle, 0, 0, LATE_REPLY_POLL_MS);
    }
  }
}

/** Structured cloning delivers bytea values as Uint8Array; the store reads them as Buffers. */
function withBuffers(row: unknown): unknown {
  if (row instanceof Uint8Array) return Buffer.from(row.buffer, row.byteOffset, row.byteLength);
  if (Array.isArray(row)) return row.map(withBuffers);
  if (row !== null && typeof row === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) out[key] = value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
    return out;
  }
  return row;
}
