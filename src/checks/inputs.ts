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
}

export const DEFAULT_INPUTS: CheckInputs = {
  allowedRegistries: [],
  systemNamespaces: ['kube-system', 'kube-public', 'kube-node-lease'],
  pssVersion: 'latest',
  pssMode: 'enforce',
};
