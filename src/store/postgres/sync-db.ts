import type { SqlValue } from './protocol.js';
import type { SyncPgClient } from './sync-client.js';
import { translateSql, type TranslatedSql } from './translate.js';

/**
 * Which advisory lock a write transaction takes before its first statement. Run inserts of different clusters
 * share the store (shared lock) and exclude each other per cluster; prune and migrations take the store alone.
 */
export type WriteLock = { readonly kind: 'cluster'; readonly clusterUid: string } | { readonly kind: 'shared' } | { readonly kind: 'exclusive' };

const STORE_LOCK = "hashtextextended('kubevidence:store', 0)";

type Bindings = readonly unknown[];

interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number;
}

/**
 * The part of better-sqlite3's Database the shared store classes (runs, content, history, prune, ...) use,
 * implemented over a synchronous PostgreSQL connection: one round trip per statement, nothing cached between
 * transactions, so other processes' writes are always seen.
 */
export class SyncPgDatabase {
  writeLock: WriteLock = { kind: 'exclusive' };
  private inTransaction = false;
  private statementCount = 0;

  constructor(readonly client: SyncPgClient) {}

  prepare(sql: string): SyncPgStatement {
    this.statementCount += 1;
    return new SyncPgStatement(this.client, translateSql(sql), `kv${this.statementCount}`);
  }

  exec(sql: string): void {
    this.client.query(sql);
  }

  /** better-sqlite3's transaction(fn): call it for a deferred transaction, or `.immediate()` to lock first. */
  transaction<T>(fn: () => T): (() => T) & { immediate: () => T; deferred: () => T; exclusive: () => T } {
    const deferred = (): T => this.within(fn, false);
    const immediate = (): T => this.within(fn, true);
    return Object.assign(deferred, { immediate, deferred, exclusive: immediate });
  }

  private within<T>(fn: () => T, lock: boolean): T {
    if (this.inTransaction) return fn();
    this.client.query('BEGIN');
    this.inTransaction = true;
    try {
      if (lock) this.takeWriteLock();
      const result = fn();
      this.client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        this.client.query('ROLLBACK');
      } catch {
        // The connection is gone: the server rolls the transaction back itself.
      }
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  private takeWriteLock(): void {
    const lock = this.writeLock;
    if (lock.kind === 'exclusive') {
      this.client.query(`SELECT pg_advisory_xact_lock(${STORE_LOCK})`);
      return;
    }
    this.client.query(`SELECT pg_advisory_xact_lock_shared(${STORE_LOCK})`);
    if (lock.kind === 'cluster') this.client.query("SELECT pg_advisory_xact_lock(hashtextextended('kubevidence:cluster:' || $1, 0))", [lock.clusterUid]);
  }
}

export class SyncPgStatement {
  private mode: 'object' | 'pluck' | 'raw' = 'object';

  constructor(
    private readonly client: SyncPgClient,
    private readonly sql: TranslatedSql,
    private readonly name: string,
  ) {}

  pluck(on = true): this {
    this.mode = on ? 'pluck' : 'object';
    return this;
  }

  raw(on = true): this {
    this.mode = on ? 'raw' : 'object';
    return this;
  }

  get(...bindings: Bindings): unknown {
    return this.all(...bindings)[0];
  }

  all(...bindings: Bindings): unknown[] {
    const rowMode = this.mode === 'object' ? undefined : 'array';
    const { rows } = this.client.query(this.sql.text, this.paramsOf(bindings), { name: this.name, ...(rowMode === undefined ? {} : { rowMode }) });
    if (this.mode === 'pluck') return rows.map((row) => (row as unknown[])[0]);
    return [...rows];
  }

  run(...bindings: Bindings): RunResult {
    const { rows, rowCount } = this.client.query(this.sql.text, this.paramsOf(bindings), { name: this.name });
    const first = rows[0] as { id?: number } | undefined;
    return { changes: rowCount, lastInsertRowid: this.sql.returnsId && first?.id !== undefined ? first.id : 0 };
  }

  private paramsOf(bindings: Bindings): SqlValue[] {
    if (this.sql.names.length > 0) {
      const named = (bindings[0] ?? {}) as Record<string, unknown>;
      return this.sql.names.map((name) => sqlValueOf(named[name]));
    }
    return bindings.flat().map(sqlValueOf);
  }
}

function sqlValueOf(value: unknown): SqlValue {
  if (value === undefined) return null;
  return value as SqlValue;
}
