// The worker thread that owns a store's PostgreSQL connection (see sync-client.ts). node-postgres is asynchronous
// and the store contract is synchronous: the calling thread posts one request and sleeps on a shared flag until
// this thread has run it and posted the reply. Plain JavaScript on purpose: a worker started while its parent
// thread is blocked cannot go through the TypeScript loader hooks (tsx), which would need the parent to answer.
// Messages are typed in protocol.ts.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
// Ids and counts fit in a double long before 2^53; the store contract hands out numbers.
pg.types.setTypeParser(INT8_OID, (value) => Number(value));
pg.types.setTypeParser(NUMERIC_OID, (value) => Number(value));

const flag = new Int32Array(workerData.flag);
const port = workerData.port;
const client = new pg.Client({ ...workerData.connection, application_name: 'kubevidence' });
// A dropped connection surfaces as the failed query's error; this only keeps the event from ending the thread.
client.on('error', () => undefined);
let connected = null;

port.on('message', (request) => {
  void answer(request).then((reply) => {
    port.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
});

async function answer(request) {
  try {
    connected ??= client.connect();
    await connected;
    if (request.op === 'close') {
      await client.end();
      return { ok: true, rows: [], rowCount: 0 };
    }
    const result = await client.query({
      ...(request.name === undefined ? {} : { name: request.name }),
      text: request.sql,
      values: request.params.map(asDriverValue),
      ...(request.rowMode === 'array' ? { rowMode: 'array' } : {}),
    });
    // A multi-statement text (a migration) answers with one result per statement.
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return { ok: true, rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
  } catch (error) {
    return {
      ok: false,
      message: typeof error?.message === 'string' ? error.message : String(error),
      code: typeof error?.code === 'string' ? error.code : null,
    };
  }
}

/** Structured cloning turns a Buffer into a plain Uint8Array; the driver sends Buffers as bytea. */
function asDriverValue(value) {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(asDriverValue);
  return value;
}
