/**
 * Typed errors: a stable code, the exit code the CLI uses, a one-line user message,
 * and where known the file/line/field at fault. Library code throws these; only cli/main.ts exits.
 */
export const EXIT_CODES = {
  ok: 0,
  internal: 1,
  usage: 2,
  badInput: 3,
  cluster: 4,
  store: 5,
  verification: 6,
  partialFailure: 7,
  complianceGate: 10,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
}

export class KvError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly location: ErrorLocation | undefined;
  readonly hint: string | undefined;

  constructor(options: {
    code: string;
    exitCode: ExitCode;
    message: string;
    location?: ErrorLocation;
    hint?: string;
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KvError';
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.location = options.location;
    this.hint = options.hint;
  }

  /** The one line the CLI prints: `file:line field: message`. */
  toLine(): string {
    const where = formatLocation(this.location);
    return where === '' ? this.message : `${where}: ${this.message}`;
  }
}

function formatLocation(location: ErrorLocation | undefined): string {
  if (location === undefined) return '';
  const place = [location.file, location.line, location.column].filter((part) => part !== undefined).join(':');
  return location.field === undefined ? place : `${place}${place === '' ? '' : ' '}${location.field}`;
}

/** Bad flags or arguments. */
export function usageError(message: string, hint?: string): KvError {
  return new KvError({ code: 'usage', exitCode: EXIT_CODES.usage, message, ...(hint === undefined ? {} : { hint }) });
}

/** A user-supplied file (snapshot, catalogue, waiver, custom check, config, kubeconfig) is unusable. */
export function inputError(code: string, message: string, location?: ErrorLocation): KvError {
  return new KvError({ code, exitCode: EXIT_CODES.badInput, message, ...(location === undefined ? {} : { location }) });
}

/** The cluster could not be reached or refused us. */
export function clusterError(code: string, message: string, cause?: unknown): KvError {
  return new KvError({ code, exitCode: EXIT_CODES.cluster, message, cause });
}

export function storeError(code: string, message: string, cause?: unknown): KvError {
  return new KvError({ code, exitCode: EXIT_CODES.store, message, cause });
}

export function verificationError(code: string, message: string): KvError {
  return new KvError({ code, exitCode: EXIT_CODES.verification, message });
}
