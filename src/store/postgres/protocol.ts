import type { MessagePort } from 'node:worker_threads';

/** What the worker needs to connect: never a password on a command line, and never logged. */
export interface ConnectionSettings {
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly database?: string;
  readonly password?: string;
  readonly ssl?: boolean | { readonly rejectUnauthorized: boolean };
}

export interface WorkerStart {
  readonly flag: SharedArrayBuffer;
  readonly port: MessagePort;
  readonly connection: ConnectionSettings;
}

export type SqlValue = string | number | boolean | null | Buffer | Uint8Array | readonly SqlValue[];

export type WorkerRequest =
  | { readonly op: 'query'; readonly sql: string; readonly params: readonly SqlValue[]; readonly rowMode?: 'array'; readonly name?: string }
  | { readonly op: 'close' };

export type WorkerReply =
  | { readonly ok: true; readonly rows: readonly unknown[]; readonly rowCount: number }
  | { readonly ok: false; readonly message: string; readonly code: string | null };
