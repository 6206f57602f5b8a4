import { at } from '../define-check.js';
import type { CommandLine } from './_flags.js';
import { parseGoDuration } from './_flags.js';
import type { FlagRule, FlagVerdict } from './_shared.js';

/**
 * The reusable flag rules behind the control-plane checks. Each reads one command line and returns a verdict;
 * defaults are passed in by the check, because a missing flag means "the component's default", and the default
 * is what decides most CIS recommendations (`--anonymous-auth` and `--profiling` default to true).
 */

function verdict(status: FlagVerdict['status'], says: string, evidence: FlagVerdict['evidence']): FlagVerdict {
  return { status, says, evidence };
}

/** `--anonymous-auth=true`, or `--flag` alone when it was given without a value. */
function shown(commandLine: CommandLine, flag: string): string {
  const value = commandLine.observed(flag);
  if (value === true) return flag;
  return Array.isArray(value) ? value.map((item) => `${flag}=${String(item)}`).join(' ') : `${flag}=${String(value)}`;
}

export interface BooleanFlagOptions {
  readonly flag: string;
  /** The compliant value. */
  readonly want: boolean;
  /** The component's documented default, which applies when the flag is absent. */
  readonly defaultValue: boolean;
}

/** A boolean flag must end up at `want`, counting the documented default when the flag is absent. */
export function booleanFlag({ flag, want, defaultValue }: BooleanFlagOptions): FlagRule {
  return (commandLine) => {
    const value = commandLine.boolean(flag);
    const evidence = [at(commandLine.pathOf(flag), commandLine.observed(flag), String(want))];
    if (value === 'invalid') return verdict('unknown', `runs with ${shown(commandLine, flag)}, which is not a boolean the component accepts`, evidence);
    const effective = value ?? defaultValue;
    const status = effective === want ? 'pass' : 'fail';
    const says = value === undefined ? `runs without ${flag}, which defaults to ${String(defaultValue)}` : `runs with ${shown(commandLine, flag)}`;
    return verdict(status, says, evidence);
  };
}

/** Every listed flag must be set to a non-empty value (certificate and key pairs, CA files). */
export function flagsSet(...flags: readonly string[]): FlagRule {
  return (commandLine) => {
    const evidence = flags.map((flag) => at(commandLine.pathOf(flag), commandLine.observed(flag), 'a file path'));
    const missing = flags.filter((flag) => (commandLine.string(flag) ?? '') === '');
    if (missing.length === 0) return verdict('pass', `runs with ${flags.map((flag) => shown(commandLine, flag)).join(' and ')}`, evidence);
    return verdict('fail', `runs without a value for ${missing.join(' and ')}`, evidence);
  };
}

/** A flag must be absent (static token files, for instance). */
export function flagAbsent(flag: string): FlagRule {
  return (commandLine) => {
    const evidence = [at(commandLine.pathOf(flag), commandLine.observed(flag), 'not set')];
    return commandLine.has(flag)
      ? verdict('fail', `runs with ${shown(commandLine, flag)}`, evidence)
      : verdict('pass', `runs without ${flag}`, evidence);
  };
}

export interface IntegerFlagOptions {
  readonly flag: string;
  readonly min: number;
  /** The component's default when the flag is absent. */
  readonly defaultValue: number;
  /** CIS asks for an explicit choice (`--terminated-pod-gc-threshold`): the default does not count. */
  readonly explicit?: boolean;
}

/** An integer flag must be at least `min` (audit log retention); the default counts when it is absent. */
export function integerAtLeast({ flag, min, defaultValue, explicit = false }: IntegerFlagOptions): FlagRule {
  return (commandLine) => {
    const raw = commandLine.string(flag);
    const evidence = [at(commandLine.pathOf(flag), commandLine.observed(flag), `>= ${min}`)];
    if (raw === undefined) {
      const status = !explicit && defaultValue >= min ? 'pass' : 'fail';
      return verdict(status, `runs without ${flag}, so the default of ${defaultValue} applies`, evidence);
    }
    if (!/^[+-]?\d+$/.test(raw)) return verdict('fail', `runs with ${shown(commandLine, flag)}, which is not a whole number`, evidence);
    const status = Number(raw) >= min ? 'pass' : 'fail';
    return verdict(status, `runs with ${shown(commandLine, flag)}`, evidence);
  };
}

/**
 * Adds what a passing flag does not prove. Some flags only point at a file (`--encryption-provider-config`,
 * `--audit-policy-file`): the pod shows that the file is configured, not what it says.
 */
export function noting(rule: FlagRule, note: string): FlagRule {
  return (commandLine) => {
    const result = rule(commandLine);
    return result.status === 'pass' ? { ...result, says: `${result.says}; ${note}` } : result;
  };
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1']);

/**
 * `--bind-address` must be the loopback address. Unlike kube-bench, which passes an absent flag, the absent
 * flag fails here: kube-controller-manager and kube-scheduler document `0.0.0.0` (all interfaces) as the
 * default, so an absent flag exposes the port. `::1` is accepted as the IPv6 loopback.
 */
export function loopbackBindAddress(): FlagRule {
  const flag = '--bind-address';
  return (commandLine) => {
    const value = commandLine.string(flag);
    const evidence = [at(commandLine.pathOf(flag), commandLine.observed(flag), '127.0.0.1')];
    if (value === undefined) return verdict('fail', `runs without ${flag}, so it listens on all interfaces (default 0.0.0.0)`, evidence);
    return verdict(LOOPBACK_ADDRESSES.has(value) ? 'pass' : 'fail', `runs with ${shown(commandLine, flag)}`, evidence);
  };
}

/** A feature gate must not be switched off in `--feature-gates`; absent means the upstream default (on). */
export function featureGateNotDisabled(gate: string): FlagRule {
  const flag = '--feature-gates';
  return (commandLine) => {
    const value = commandLine.map(flag)?.get(gate);
    const evidence = [at(`${commandLine.pathOf(flag)}.${gate}`, value ?? null, 'true or unset')];
    if (value === undefined) return verdict('pass', `does not disable the ${gate} feature gate, which is on by default`, evidence);
    return value.toLowerCase() === 'false'
      ? verdict('fail', `runs with ${flag} ${gate}=${value}`, evidence)
      : verdict('pass', `runs with ${flag} ${gate}=${value}`, evidence);
  };
}

export interface CipherSuiteOptions {
  /** The cipher suites the benchmark accepts. */
  readonly allowed: readonly string[];
}

/**
 * `--tls-cipher-suites` must list only allowed suites. An absent flag fails: the component then offers Go's
 * default TLS 1.2 suites, which include CBC-mode and RSA key-exchange suites outside the benchmark's list.
 * `--tls-min-version=VersionTLS13` passes on its own: TLS 1.3 suites are all strong and not configurable.
 */
export function cipherSuitesWithin({ allowed }: CipherSuiteOptions): FlagRule {
  const flag = '--tls-cipher-suites';
  const accepted = new Set(allowed);
  return (commandLine) => {
    const suites = commandLine.list(flag);
    const minVersion = commandLine.string('--tls-min-version');
    const evidence = [at(commandLine.pathOf(flag), commandLine.observed(flag), 'only strong cipher suites'), at(commandLine.pathOf('--tls-min-version'), minVersion ?? null)];
    if (suites === undefined || suites.length === 0) {
      if (minVersion === 'VersionTLS13') return verdict('pass', 'accepts TLS 1.3 only (--tls-min-version=VersionTLS13), whose cipher suites are all strong', evidence);
      return verdict('fail', `runs without ${flag}, so it offers Go's default cipher suites, which include weak ones`, evidence);
    }
    const weak = suites.filter((suite) => !accepted.has(suite));
    if (weak.length === 0) return verdict('pass', `allows only strong cipher suites (${suites.length} listed)`, evidence);
    return verdict('fail', `allows cipher suites outside the strong list: ${weak.join(', ')}`, evidence);
  };
}

/** Admission plugins as the API server resolves them. */
interface AdmissionPlugins {
  readonly enabled: ReadonlySet<string>;
  readonly disabled: ReadonlySet<string>;
  /** True when the deprecated `--admission-control` replaces the default set instead of adding to it. */
  readonly replacesDefaults: boolean;
}

function admissionPluginsOf(commandLine: CommandLine): AdmissionPlugins {
  const legacy = commandLine.list('--admission-control');
  const enabled = [...(commandLine.list('--enable-admission-plugins') ?? []), ...(legacy ?? [])];
  return { enabled: new Set(enabled), disabled: new Set(commandLine.list('--disable-admission-plugins') ?? []), replacesDefaults: legacy !== undefined };
}

/** `--enable-admission-plugins` always (absent is evidence too); the disable and legacy flags when present. */
function admissionEvidence(commandLine: CommandLine, expected: string): FlagVerdict['evidence'] {
  const enable = '--enable-admission-plugins';
  const others = ['--disable-admission-plugins', '--admission-control'].filter((flag) => commandLine.has(flag));
  return [
    at(commandLine.pathOf(enable), commandLine.observed(enable), expected),
    ...others.map((flag) => at(commandLine.pathOf(flag), commandLine.observed(flag))),
  ];
}

export interface AdmissionPluginOptions {
  readonly plugin: string;
  /** Whether the plugin is in the API server's default-enabled set (NamespaceLifecycle is; NodeRestriction is not). */
  readonly enabledByDefault: boolean;
}

/**
 * The admission plugin must be active: listed in `--enable-admission-plugins`, or on by default and not listed
 * in `--disable-admission-plugins`. With the deprecated `--admission-control`, only its list is active.
 */
export function admissionPluginActive({ plugin, enabledByDefault }: AdmissionPluginOptions): FlagRule {
  return (commandLine) => {
    const plugins = admissionPluginsOf(commandLine);
    const evidence = admissionEvidence(commandLine, `includes ${plugin}`);
    if (plugins.disabled.has(plugin)) return verdict('fail', `disables the ${plugin} admission plugin (--disable-admission-plugins)`, evidence);
    if (plugins.enabled.has(plugin)) return verdict('pass', `enables the ${plugin} admission plugin`, evidence);
    if (enabledByDefault && !plugins.replacesDefaults) return verdict('pass', `keeps the ${plugin} admission plugin, which is enabled by default`, evidence);
    return verdict('fail', `does not enable the ${plugin} admission plugin`, evidence);
  };
}

/** The admission plugin must not be enabled (AlwaysAdmit is never on by default). */
export function admissionPluginInactive(plugin: string): FlagRule {
  return (commandLine) => {
    const evidence = admissionEvidence(commandLine, `does not include ${plugin}`);
    return admissionPluginsOf(commandLine).enabled.has(plugin)
      ? verdict('fail', `enables the ${plugin} admission plugin`, evidence)
      : verdict('pass', `does not enable the ${plugin} admission plugin`, evidence);
  };
}

export interface AuthorizationModeOptions {
  /** A mode that must be in the chain (`Node`, `RBAC`), or that must not be (`AlwaysAllow`). */
  readonly mode: string;
  readonly present: boolean;
}

/**
 * Checks the authorizer chain. The API server defaults `--authorization-mode` to AlwaysAllow, so an absent
 * flag has AlwaysAllow and lacks Node and RBAC. `--authorization-config` (structured authorization) replaces
 * the flag with a file that the pod does not show, so the verdict is then unknown.
 */
export function authorizationMode({ mode, present }: AuthorizationModeOptions): FlagRule {
  const flag = '--authorization-mode';
  return (commandLine) => {
    const evidence = [at(commandLine.pathOf(flag), commandLine.observed(flag), present ? `includes ${mode}` : `does not include ${mode}`)];
    const configFile = commandLine.string('--authorization-config');
    if (configFile !== undefined && !commandLine.has(flag)) {
      const fileEvidence = [...evidence, at(commandLine.pathOf('--authorization-config'), configFile)];
      return verdict('unknown', `reads its authorizers from --authorization-config=${configFile}, a file the pod does not show`, fileEvidence);
    }
    const modes = commandLine.list(flag) ?? ['AlwaysAllow'];
    const says = commandLine.has(flag) ? `runs with ${flag}=${modes.join(',')}` : `runs without ${flag}, which defaults to AlwaysAllow`;
    return verdict(modes.includes(mode) === present ? 'pass' : 'fail', says, evidence);
  };
}

export interface DurationOptions {
  readonly flag: string;
  /** The documented default, as Go writes it (`1m0s`). */
  readonly defaultValue: string;
}

/**
 * A duration flag must be a valid, positive Go duration. Any order of units is valid Go (`1s9m3h`); zero or a
 * negative value disables the limit the flag exists for.
 */
export function positiveDuration({ flag, defaultValue }: DurationOptions): FlagRule {
  return (commandLine) => {
    const raw = commandLine.string(flag);
    const evidence = [at(commandLine.pathOf(flag), commandLine.observed(flag), 'a positive duration')];
    if (raw === undefined) return verdict('pass', `runs without ${flag}, which defaults to ${defaultValue}`, evidence);
    const seconds = parseGoDuration(raw);
    if (seconds === undefined) return verdict('fail', `runs with ${shown(commandLine, flag)}, which is not a valid duration`, evidence);
    return verdict(seconds > 0 ? 'pass' : 'fail', `runs with ${shown(commandLine, flag)}`, evidence);
  };
}

/**
 * Runs `rule` unless the component takes its settings from a config file the pod does not show. etcd's
 * `--config-file` replaces every flag; kube-scheduler ignores `--profiling` when `--config` is set. With
 * `overriddenBy`, the rule still runs when that flag is on the command line: the API server refuses
 * `--anonymous-auth` together with an `anonymous` section in `--authentication-config`, so a present flag decides.
 */
export function unlessConfigFile(configFlag: string, rule: FlagRule, overriddenBy?: string): FlagRule {
  return (commandLine) => {
    const file = commandLine.string(configFlag);
    if (file === undefined || (overriddenBy !== undefined && commandLine.has(overriddenBy))) return rule(commandLine);
    const evidence = [at(commandLine.pathOf(configFlag), commandLine.observed(configFlag), 'settings visible on the command line')];
    return verdict('unknown', `reads its settings from ${configFlag}=${file}, a file the pod does not show, so this cannot be verified`, evidence);
  };
}
