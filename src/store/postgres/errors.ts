import { KvError, storeError } from '../../errors.js';
import { PgQueryError } from './sync-client.js';

/** SQLSTATEs after which the same insert, tried again, succeeds: a concurrent writer stored the same content first. */
export const RETRYABLE_STATES = new Set(['23505', '40001', '40P01']);

export function isRetryable(error: unknown): boolean {
  return error instanceof PgQueryError && error.sqlState !== null && RETRYABLE_STATES.has(error.sqlState);
}

/** PostgreSQL's and the socket's failures as one-line store errors (exit 5), naming the database without a password. */
export function translatePgError(error: unknown, display: string): unknown {
  if (error instanceof KvError || !(error instanceof PgQueryError)) return error;
  const state = error.sqlState ?? '';
  const message = error.message.split('\n')[0] ?? error.message;
  if (state === '28P01' || state === '28000') return storeError('store.cannot-open', `${display}: authentication failed (${message})`, error);
  if (state === '3D000') return storeError('store.missing', `${display}: ${message}`, error);
  if (state.startsWith('08') || state.startsWith('E') || state === '57P01' || state === '57P03') {
    return storeError('store.cannot-open', `${display}: cannot reach PostgreSQL (${message})`, error);
  }
  if (state === '25006' || state === '42501') return storeError('store.read-only', `${display}: ${message}`, error);
  if (state === '40P01' || state === '55P03' || state === '40001') {
    return storeError('store.locked', `${display} is busy with another writer; try again when it has finished (${message})`, error);
  }
  if (state === '53100') return storeError('store.disk-full', `${display}: the server's disk is full`, error);
  if (state.startsWith('XX')) return storeError('store.corrupt', `${display} is damaged (${message}); run 'kubevidence db check --db ${display}'`, error);
  return storeError('store.error', `${display}: ${message}`, error);
}

export function guardedPg<T>(display: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw translatePgError(error, display);
  }
}
