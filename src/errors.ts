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

  /** The one line the CLI prints: `file:line field: message` (`message` when the caller words it differently). */
  toLine(message: string = this.message): string {
    const where = formatLocation(this.location);
    return where === '' ? message : `${where}: ${message}`;
  }
}

/**
 * Values a stage is handed by its caller. A stage does not know whether they came from a flag, a config file or
 * a library call, so its message says `{input}` where the value is named; the CLI words that as its flag
 * (cli/shared/input-flags.ts), and anyone else reads `the <name> option`.
 */
export type InputName = 'collectedAt' | 'period' | 'since' | 'until' | 'subject' | 'keyPasswordFile' | 'kubeconfig' | 'context' | 'db';

export class InputValueError extends KvError {
  readonly input: InputName;
  readonly template: string;

  constructor(options: { input: InputName; template: string; code: string; exitCode: ExitCode; location?: ErrorLocation; hint?: string }) {
    const { input, template, ...rest } = options;
    super({ ...rest, message: namingInput(template, `the ${input} option`) });
    this.input = input;
    this.template = template;
  }

  /** The message with the value named as the caller knows it: `--collected-at`, a config key. */
  messageNaming(name: string): string {
    return namingInput(this.template, name);
  }
}

function namingInput(template: string, name: string): string {
  return template.replaceAll('{input}', name);
}

/** A value handed to a stage is wrong or missing; `template` names it as `{input}`. A usage error unless said otherwise. */
export function invalidInput(
  input: InputName,
  template: string,
  options: { readonly code?: string; readonly exitCode?: ExitCode; readonly location?: ErrorLocation } = {},
): InputValueError {
  return new InputValueError({
    input,
    template,
    code: options.code ?? 'usage',
    exitCode: options.exitCode ?? EXIT_CODES.usage,
    ...(options.location === undefined ? {} : { location: options.location }),
  });
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
