import type { JsonObject, JsonValue } from '../../domain/json.js';

/**
 * Command lines of control-plane containers, read the way the components read them (spf13/pflag):
 *
 * - `--flag=value` and `--flag value` both set a flag; a bare `--flag` sets a boolean flag to true;
 * - a scalar flag given twice keeps its last value;
 * - a list flag (`--enable-admission-plugins`, `--tls-cipher-suites`) given twice accumulates, and each value
 *   is a comma-separated list;
 * - a map flag (`--feature-gates=A=true,B=false`) merges, later keys winning.
 *
 * One deliberate simplification: pflag lets a string flag swallow the next token even when it starts with `-`
 * (`--tls-cert-file --tls-private-key-file=x` sets the certificate to `--tls-private-key-file=x`). We never
 * treat a token that starts with `-` as a value; both readings describe a broken command line, and ours keeps
 * the second flag visible.
 */

/** Where a token came from, for evidence paths. */
export type TokenSource = 'command' | 'args' | 'env';

interface Token {
  readonly text: string;
  readonly source: TokenSource;
}

/** One appearance of a flag on the command line (or, for etcd, in an `ETCD_*` environment variable). */
export interface FlagOccurrence {
  readonly name: string;
  /** The value after `=`, or null for `--flag` with no `=`. */
  readonly inline: string | null;
  /** The token after a bare `--flag`, when it is not itself a flag: the value of a `--flag value` string flag. */
  readonly following: string | null;
  readonly source: TokenSource;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** The parsed command line of one container, with the evidence path of that container. */
export class CommandLine {
  private constructor(
    /** `spec.containers[0]`: where this container sits in its pod. */
    readonly containerPath: string,
    /** The program that runs, when there is one: `kube-apiserver`, `/usr/local/bin/etcd`. */
    readonly executable: string | null,
    /** The word after the program when it is not a flag: `kube-apiserver` in `hyperkube kube-apiserver`. */
    readonly subcommand: string | null,
    private readonly flags: readonly FlagOccurrence[],
  ) {}

  /** Parses `command` + `args` of a container; `envPrefix` (etcd: `ETCD_`) also reads flags from env vars. */
  static ofContainer(container: JsonObject, containerPath: string, envPrefix?: string): CommandLine {
    const tokens = [...tokensOf(container['command'], 'command'), ...tokensOf(container['args'], 'args')];
    const [first, second] = tokens;
    const executable = first !== undefined && !first.text.startsWith('-') ? first.text : null;
    const subcommand = executable !== null && second !== undefined && !second.text.startsWith('-') ? second.text : null;
    const fromArgs = flagsOf(tokens);
    const fromEnv = envPrefix === undefined ? [] : envFlagsOf(container['env'], envPrefix, fromArgs);
    return new CommandLine(containerPath, executable, subcommand, [...fromEnv, ...fromArgs]);
  }

  has(name: string): boolean {
    return this.flags.some((flag) => flag.name === name);
  }

  /** The occurrence that decides a scalar flag: the last one. */
  last(name: string): FlagOccurrence | undefined {
    return this.flags.filter((flag) => flag.name === name).at(-1);
  }

  /** A string flag's value: `''` when the flag is given without a value, undefined when it is absent. */
  string(name: string): string | undefined {
    const flag = this.last(name);
    if (flag === undefined) return undefined;
    return flag.inline ?? flag.following ?? '';
  }

  /** A boolean flag as Go's strconv.ParseBool reads it; `'invalid'` for anything else. */
  boolean(name: string): boolean | 'invalid' | undefined {
    const flag = this.last(name);
    if (flag === undefined) return undefined;
    return flag.inline === null ? true : parseGoBool(flag.inline);
  }

  /** A list flag: every occurrence, comma-split, empty items dropped. Undefined when the flag is absent. */
  list(name: string): readonly string[] | undefined {
    const occurrences = this.flags.filter((flag) => flag.name === name);
    if (occurrences.length === 0) return undefined;
    return occurrences.flatMap((flag) => splitList(flag.inline ?? flag.following ?? ''));
  }

  /** A `key=value,key=value` map flag (feature gates), later keys winning. */
  map(name: string): ReadonlyMap<string, string> | undefined {
    const items = this.list(name);
    if (items === undefined) return undefined;
    const entries = items.map((item): [string, string] => {
      const equals = item.indexOf('=');
      return equals < 0 ? [item, ''] : [item.slice(0, equals).trim(), item.slice(equals + 1).trim()];
    });
    return new Map(entries);
  }

  /** The evidence path of a flag: `spec.containers[0].command[--anonymous-auth]` (command when absent). */
  pathOf(name: string): string {
    const flag = this.last(name);
    if (flag?.source === 'env') return `${this.containerPath}.env[${envNameOf(name, ENV_PREFIX_SHOWN)}]`;
    return `${this.containerPath}.${flag?.source ?? 'command'}[${name}]`;
  }

  /** What the command line says about a flag, for evidence: its raw value, `true` when bare, null when absent. */
  observed(name: string): JsonValue {
    const occurrences = this.flags.filter((flag) => flag.name === name);
    if (occurrences.length === 0) return null;
    const values = occurrences.map((flag) => flag.inline ?? flag.following ?? true);
    return values.length === 1 ? (values[0] ?? null) : values;
  }
}

// Only etcd reads flags from the environment; the path names the variable it would have used.
const ENV_PREFIX_SHOWN = 'ETCD_';

function tokensOf(value: JsonValue | undefined, source: TokenSource): Token[] {
  if (!Array.isArray(value)) return [];
  const texts = value.filter((item): item is string => typeof item === 'string');
  return shellScriptWords(texts).map((text) => ({ text, source }));
}

/**
 * `["/bin/sh", "-c", "exec kube-apiserver --a=b ..."]` runs a script: its words (after a leading `exec`) are the
 * real command line. Split on whitespace only; quoting inside such scripts is rare in static pods and not worth
 * a shell parser.
 */
function shellScriptWords(texts: readonly string[]): readonly string[] {
  const [program, option, script] = texts;
  if (program === undefined || option !== '-c' || script === undefined) return texts;
  if (!SHELLS.has(basename(program))) return texts;
  const words = script.split(/\s+/).filter((word) => word.length > 0);
  return words[0] === 'exec' ? words.slice(1) : words;
}

function flagsOf(tokens: readonly Token[]): FlagOccurrence[] {
  return tokens.flatMap((token, index): FlagOccurrence[] => {
    if (!token.text.startsWith('-') || token.text === '-' || token.text === '--') return [];
    const body = token.text.replace(/^--?/, '');
    const equals = body.indexOf('=');
    const name = `--${equals < 0 ? body : body.slice(0, equals)}`;
    if (equals >= 0) return [{ name, inline: body.slice(equals + 1), following: null, source: token.source }];
    const next = tokens[index + 1];
    const following = next !== undefined && !next.text.startsWith('-') ? next.text : null;
    return [{ name, inline: null, following, source: token.source }];
  });
}

/**
 * etcd maps every flag to an `ETCD_<FLAG_NAME>` variable and uses it only when the flag itself is not on the
 * command line. Values from secrets or field refs (`valueFrom`) are not visible here and are left out.
 */
function envFlagsOf(env: JsonValue | undefined, prefix: string, commandLine: readonly FlagOccurrence[]): FlagOccurrence[] {
  if (!Array.isArray(env)) return [];
  const onCommandLine = new Set(commandLine.map((flag) => flag.name));
  return env.flatMap((entry) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return [];
    const variable = entry['name'];
    const value = entry['value'];
    if (typeof variable !== 'string' || typeof value !== 'string' || !variable.startsWith(prefix)) return [];
    const name = `--${variable.slice(prefix.length).toLowerCase().replaceAll('_', '-')}`;
    return onCommandLine.has(name) ? [] : [{ name, inline: value, following: null, source: 'env' as const }];
  });
}

function envNameOf(flag: string, prefix: string): string {
  return `${prefix}${flag.replace(/^--/, '').toUpperCase().replaceAll('-', '_')}`;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Go's strconv.ParseBool, which pflag uses for every boolean flag. */
export function parseGoBool(text: string): boolean | 'invalid' {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return false;
  return 'invalid';
}

/** `/usr/local/bin/kube-apiserver` → `kube-apiserver`. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/**
 * Go's time.ParseDuration, in seconds: `1h30m`, `300s`, `1.5h`, `0`. Units may come in any order (`1s9m3h` is
 * valid Go). Returns undefined for anything Go would reject, such as a number without a unit.
 */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0' || trimmed === '+0' || trimmed === '-0') return 0;
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(trimmed);
  if (match === null) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of trimmed.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (DURATION_UNITS[part[2] ?? ''] ?? 0);
  }
  return sign * total;
}
