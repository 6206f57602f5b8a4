/**
 * What is in scope of an assessment: which namespaces' objects are judged, globally and per framework (e.g. the
 * cardholder-data environment for PCI DSS), and the population that was examined. Types only.
 */

/** One namespace scope as the user wrote it (kubevidence.yaml `scope:` or the --*-namespaces flags). */
export interface NamespaceScopeSpec {
  /** Namespace names or globs (`*`, `?`); absent or empty = every namespace. */
  readonly includeNamespaces?: readonly string[];
  /** Namespace names or globs taken out after `includeNamespaces`. */
  readonly excludeNamespaces?: readonly string[];
  /** Kubernetes label selector on the Namespace objects (`env=prod,tier in (a,b),!legacy`). */
  readonly namespaceSelector?: string;
}

/** The scope of a run: a global scope and optional per-framework scopes that narrow it further. */
export interface ScopeSpec extends NamespaceScopeSpec {
  /** Per framework id: a scope applied on top of (intersected with) the global one. */
  readonly frameworks?: Readonly<Record<string, NamespaceScopeSpec>>;
}

/** How many out-of-scope objects are listed by name; the rest are counted. */
export const OUT_OF_SCOPE_LISTED = 500;

/** The namespace decisions for one scope (global, or one framework's). */
export interface ScopeDecision {
  /** `global`, or the framework id. */
  readonly appliesTo: string;
  /** The spec that decided it; for a framework, its own spec (the global one applies too). */
  readonly spec: NamespaceScopeSpec;
  /** True when the spec (and the global one) selects every namespace: nothing is out of scope. */
  readonly everything: boolean;
  readonly namespacesIn: readonly string[];
  readonly namespacesOut: readonly string[];
  /**
   * Namespaces the label selector could not be evaluated for (no Namespace object in the input, so no labels).
   * They are kept IN scope: an unknown must not hide findings.
   */
  readonly namespacesUndecided: readonly string[];
  /** Objects (in the snapshot) left out, per kind key. */
  readonly objectsOutByKind: Readonly<Record<string, number>>;
  /** `Kind/namespace/name` of out-of-scope objects, sorted, at most {@link OUT_OF_SCOPE_LISTED}. */
  readonly objectsOut: readonly string[];
  /** Out-of-scope objects beyond the listed ones. */
  readonly objectsOutOmitted: number;
  /** Findings of the run about out-of-scope subjects: evaluated and stored, but not judged for this scope. */
  readonly findingsOut: number;
}

/** What the run examined: the population an auditor needs to judge coverage. */
export interface Population {
  /** Objects per kind key in the snapshot (every object read, in or out of scope). */
  readonly objectsByKind: Readonly<Record<string, number>>;
  readonly objects: number;
  /** Objects per kind key in the global scope. */
  readonly objectsInScopeByKind: Readonly<Record<string, number>>;
  readonly namespacesIn: readonly string[];
  readonly namespacesOut: readonly string[];
  /** Node objects read. */
  readonly nodes: number;
  /** Nodes whose kubelet configuration was read. */
  readonly nodeConfigs: number;
  /** Kind keys that were read completely. */
  readonly kindsCollected: readonly string[];
  /** What could not be examined: one line per gap, `kind (namespace|node): reason`. */
  readonly gaps: readonly string[];
}

/** The scope of a run as recorded with it. */
export interface ScopeRecord {
  readonly global: ScopeDecision;
  /** One per framework the run mapped onto, in catalogue order (frameworks without a spec get the global decision). */
  readonly frameworks: readonly ScopeDecision[];
}
