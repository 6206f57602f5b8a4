/**
 * Scope: which namespaces' objects are judged, globally and per framework. Pure. Out-of-scope objects are still
 * collected, evaluated and stored (the run stays one complete record), but their findings do not count in the
 * requirement results and scores of a framework they are out of scope for; they are counted and listed instead.
 *
 * Cluster-scoped subjects (nodes, ClusterRoles, the cluster itself) have no namespace and are always in scope.
 * A Namespace object is judged with the namespace it names.
 */
import { canonicalFrameworkId } from '../domain/framework-id.js';
import type { Finding } from '../domain/finding.js';
import { describeRef, kindKeyOf, type ResourceRef, type Snapshot } from '../domain/snapshot.js';
import { OUT_OF_SCOPE_LISTED, type NamespaceScopeSpec, type Population, type ScopeDecision, type ScopeRecord, type ScopeSpec } from '../domain/scope.js';
import { usageError } from '../errors.js';
import { parseLabelSelector, selectorMatches, type LabelSelector } from './label-selector.js';

/** The namespace a subject belongs to for scoping; undefined for cluster-scoped subjects. */
export function scopeNamespaceOf(ref: ResourceRef): string | undefined {
  if (ref.namespace !== undefined && ref.namespace !== '') return ref.namespace;
  return ref.kind === 'Namespace' ? ref.name : undefined;
}

/** Checks a scope spec (globs and selectors) before anything is collected: a typo fails fast, naming the field. */
export function validateScopeSpec(spec: ScopeSpec, frameworks?: readonly string[]): void {
  compile(spec, 'scope');
  for (const [framework, own] of Object.entries(spec.frameworks ?? {})) {
    if (frameworks !== undefined && !frameworks.includes(canonicalFrameworkId(framework))) {
      throw usageError(`scope.frameworks.${framework}: no such framework among those applied (${frameworks.join(', ')})`);
    }
    compile(own, `scope.frameworks.${framework}`);
  }
}

/** True when the spec leaves every namespace in scope. */
export function selectsEverything(spec: NamespaceScopeSpec): boolean {
  const include = spec.includeNamespaces ?? [];
  return (include.length === 0 || include.includes('*')) && (spec.excludeNamespaces ?? []).length === 0 && (spec.namespaceSelector ?? '') === '';
}

type Verdict = 'in' | 'out' | 'undecided';

interface CompiledScope {
  readonly include: readonly RegExp[];
  readonly exclude: readonly RegExp[];
  readonly selector: LabelSelector | null;
}

function compile(spec: NamespaceScopeSpec, field: string): CompiledScope {
  const selectorText = spec.namespaceSelector ?? '';
  return {
    include: (spec.includeNamespaces ?? []).map((glob) => globRegExp(glob, `${field}.includeNamespaces`)),
    exclude: (spec.excludeNamespaces ?? []).map((glob) => globRegExp(glob, `${field}.excludeNamespaces`)),
    selector: selectorText.trim() === '' ? null : parseLabelSelector(selectorText, `${field}.namespaceSelector`),
  };
}

function verdictOf(scope: CompiledScope, namespace: string, labels: Readonly<Record<string, string>> | undefined): Verdict {
  if (scope.include.length > 0 && !scope.include.some((glob) => glob.test(namespace))) return 'out';
  if (scope.exclude.some((glob) => glob.test(namespace))) return 'out';
  if (scope.selector === null) return 'in';
  // No Namespace object, so no labels: the selector cannot say. Kept in scope so an unknown never hides a finding.
  if (labels === undefined) return 'undecided';
  return selectorMatches(scope.selector, labels) ? 'in' : 'out';
}

/** Scope decided against one snapshot: asks whether a subject is judged for a framework, and records the decisions. */
export class ScopeEvaluator {
  private readonly global: CompiledScope;
  private readonly perFramework: ReadonlyMap<string, CompiledScope>;
  private readonly labels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  private readonly namespaces: readonly string[];
  private readonly verdicts = new Map<string, Verdict>();

  constructor(
    private readonly spec: ScopeSpec,
    private readonly snapshot: Snapshot,
  ) {
    this.global = compile(spec, 'scope');
    this.perFramework = new Map(Object.entries(spec.frameworks ?? {}).map(([framework, own]) => [canonicalFrameworkId(framework), compile(own, `scope.frameworks.${framework}`)]));
    this.labels = new Map(snapshot.resources.filter((object) => object.kind === 'Namespace').map((object) => [object.metadata.name, object.metadata.labels ?? {}]));
    const names = new Set(this.labels.keys());
    for (const object of snapshot.resources) {
      const namespace = scopeNamespaceOf(object.metadata.namespace === undefined ? { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name } : { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name });
      if (namespace !== undefined) names.add(namespace);
    }
    this.namespaces = [...names].sort();
  }

  /** Whether a namespace is judged for a framework (undefined framework = the global scope). Undecided counts as in. */
  namespaceInScope(namespace: string, framework?: string): boolean {
    return this.verdict(namespace, framework) !== 'out';
  }

  inScope(ref: ResourceRef, framework?: string): boolean {
    const namespace = scopeNamespaceOf(ref);
    return namespace === undefined || this.namespaceInScope(namespace, framework);
  }

  /** The findings judged for a framework. */
  findingsFor(findings: readonly Finding[], framework: string): readonly Finding[] {
    if (this.selectsEverything(framework)) return findings;
    return findings.filter((finding) => this.inScope(finding.resource, framework));
  }

  selectsEverything(framework?: string): boolean {
    const own = framework === undefined ? undefined : this.spec.frameworks?.[framework];
    return selectsEverything(this.spec) && (own === undefined || selectsEverything(own));
  }

  record(findings: readonly Finding[], frameworks: readonly string[]): ScopeRecord {
    return { global: this.decision(findings, undefined), frameworks: frameworks.map((framework) => this.decision(findings, framework)) };
  }

  population(): Population {
    const byKind: Record<string, number> = {};
    const inScopeByKind: Record<string, number> = {};
    for (const object of this.snapshot.resources) {
      const key = kindKeyOf(object.apiVersion, object.kind);
      byKind[key] = (byKind[key] ?? 0) + 1;
      if (this.inScope(refOfObject(object))) inScopeByKind[key] = (inScopeByKind[key] ?? 0) + 1;
    }
    return {
      objectsByKind: sortedRecord(byKind),
      objects: this.snapshot.resources.length,
      objectsInScopeByKind: sortedRecord(inScopeByKind),
      namespacesIn: this.namespaces.filter((namespace) => this.namespaceInScope(namespace)),
      namespacesOut: this.namespaces.filter((namespace) => !this.namespaceInScope(namespace)),
      nodes: byKind['Node'] ?? 0,
      nodeConfigs: this.snapshot.nodeConfigs.length,
      kindsCollected: [...this.snapshot.collectedKinds].sort(),
      gaps: this.snapshot.gaps.map((gap) => `${gap.kind}${gap.namespace === undefined ? '' : ` (namespace ${gap.namespace})`}${gap.node === undefined ? '' : ` (node ${gap.node})`}: ${gap.reason}`),
    };
  }

  private decision(findings: readonly Finding[], framework: string | undefined): ScopeDecision {
    const outByKind: Record<string, number> = {};
    const out: string[] = [];
    for (const object of this.snapshot.resources) {
      const ref = refOfObject(object);
      if (this.inScope(ref, framework)) continue;
      const key = kindKeyOf(object.apiVersion, object.kind);
      outByKind[key] = (outByKind[key] ?? 0) + 1;
      out.push(describeRef(ref));
    }
    out.sort();
    const verdicts = this.namespaces.map((namespace) => [namespace, this.verdict(namespace, framework)] as const);
    return {
      appliesTo: framework ?? 'global',
      spec: framework === undefined ? specOnly(this.spec) : (this.spec.frameworks?.[framework] ?? {}),
      everything: this.selectsEverything(framework),
      namespacesIn: verdicts.filter(([, verdict]) => verdict !== 'out').map(([namespace]) => namespace),
      namespacesOut: verdicts.filter(([, verdict]) => verdict === 'out').map(([namespace]) => namespace),
      namespacesUndecided: verdicts.filter(([, verdict]) => verdict === 'undecided').map(([namespace]) => namespace),
      objectsOutByKind: sortedRecord(outByKind),
      objectsOut: out.slice(0, OUT_OF_SCOPE_LISTED),
      objectsOutOmitted: Math.max(0, out.length - OUT_OF_SCOPE_LISTED),
      findingsOut: findings.filter((finding) => !this.inScope(finding.resource, framework)).length,
    };
  }

  private verdict(namespace: string, framework: string | undefined): Verdict {
    const key = `${framework ?? ''}\u0000${namespace}`;
    const cached = this.verdicts.get(key);
    if (cached !== undefined) return cached;
    const labels = this.labels.get(namespace);
    const global = verdictOf(this.global, namespace, labels);
    const own = framework === undefined ? undefined : this.perFramework.get(canonicalFrameworkId(framework));
    const verdict = combine(global, own === undefined ? 'in' : verdictOf(own, namespace, labels));
    this.verdicts.set(key, verdict);
    return verdict;
  }
}

function combine(a: Verdict, b: Verdict): Verdict {
  if (a === 'out' || b === 'out') return 'out';
  return a === 'undecided' || b === 'undecided' ? 'undecided' : 'in';
}

function specOnly(spec: ScopeSpec): NamespaceScopeSpec {
  const { frameworks: _frameworks, ...own } = spec;
  return own;
}

function refOfObject(object: Snapshot['resources'][number]): ResourceRef {
  const { apiVersion, kind, metadata } = object;
  return metadata.namespace === undefined ? { apiVersion, kind, name: metadata.name } : { apiVersion, kind, namespace: metadata.namespace, name: metadata.name };
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `*` any run of characters, `?` one character; names are otherwise literal. */
function globRegExp(glob: string, field: string): RegExp {
  if (glob.trim() === '') throw usageError(`${field}: empty namespace pattern`);
  const source = [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`);
}
