/**
 * Tunable inputs of the built-in checks, with defaults. Users override them in the config file;
 * a check reads them from its context, never from the environment.
 */
export interface CheckInputs {
  /** Registries (host, or host/path prefix) images may come from; empty = no allow-list configured. */
  readonly allowedRegistries: readonly string[];
  /** Namespaces whose workloads are platform components, exempt from namespace-level hygiene checks. */
  readonly systemNamespaces: readonly string[];
  /**
   * Pod Security Standards policy version for namespaces without a `pod-security.kubernetes.io/<mode>-version` label:
   * `latest` or `v1.<minor>` (see pss/version.ts).
   */
  readonly pssVersion: string;
  /** Which namespace label names the version: the enforce, audit or warn mode's. */
  readonly pssMode: 'enforce' | 'audit' | 'warn';
  /** Patch grace periods and scan freshness for the vulnerability checks (days). */
  readonly vulnerabilities: {
    /** PCI DSS 6.3.3: critical patches within one month of release. */
    readonly criticalGraceDays: number;
    readonly highGraceDays: number;
    /** Oldest acceptable vulnerability report of a running image. */
    readonly reportMaxAgeDays: number;
  };
  /** Days before a Kubernetes minor version's end of life from which versions.kubernetes-support-ending fails. */
  readonly versionSupport: { readonly warnDays: number };
}

export const DEFAULT_INPUTS: CheckInputs = {
  allowedRegistries: [],
  systemNamespaces: ['kube-system', 'kube-public', 'kube-node-lease'],
  pssVersion: 'latest',
  pssMode: 'enforce',
  vulnerabilities: { criticalGraceDays: 30, highGraceDays: 90, reportMaxAgeDays: 7 },
  versionSupport: { warnDays: 60 },
};

/** What a user may override: any field, and any single field of the nested groups. */
export interface InputOverrides {
  readonly allowedRegistries?: readonly string[] | undefined;
  readonly systemNamespaces?: readonly string[] | undefined;
  readonly pssVersion?: string | undefined;
  readonly pssMode?: CheckInputs['pssMode'] | undefined;
  readonly vulnerabilities?: Partial<CheckInputs['vulnerabilities']> | undefined;
  readonly versionSupport?: Partial<CheckInputs['versionSupport']> | undefined;
}

function defined<T extends object>(values: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The defaults with the user's overrides laid on top, group by group (a config naming one grace period keeps the others). */
export function resolveInputs(overrides: InputOverrides = {}): CheckInputs {
  return {
    allowedRegistries: overrides.allowedRegistries ?? DEFAULT_INPUTS.allowedRegistries,
    systemNamespaces: overrides.systemNamespaces ?? DEFAULT_INPUTS.systemNamespaces,
    pssVersion: overrides.pssVersion ?? DEFAULT_INPUTS.pssVersion,
    pssMode: overrides.pssMode ?? DEFAULT_INPUTS.pssMode,
    vulnerabilities: { ...DEFAULT_INPUTS.vulnerabilities, ...defined(overrides.vulnerabilities) },
    versionSupport: { ...DEFAULT_INPUTS.versionSupport, ...defined(overrides.versionSupport) },
  };
}
