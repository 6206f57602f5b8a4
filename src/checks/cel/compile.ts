import { Environment } from '@marcbachmann/cel-js';
import type { JsonValue } from '../../domain/json.js';
import { CEL_LIMITS, compileTimeCostProblem, estimateRunCost, inspectAndRouteRegex, re2Matches, type AstStats } from './cost.js';

/**
 * CEL, the expression language Kubernetes uses in ValidatingAdmissionPolicy, compiled once per expression.
 * The only importer of @marcbachmann/cel-js.
 *
 * Variables are declared `dyn`: Kubernetes objects are schemaless JSON here, so a wrong field is found when an
 * expression runs (an error, which the check reports as `unknown`), while an undeclared variable or a syntax error is
 * found when the file is loaded.
 */

/** What a check runs over: any object of its kinds, or workloads with their pod spec resolved. */
export type CelScope = 'resource' | 'workload';

/**
 * `namespaceObject` is left out when Namespaces were not collected: an expression reading it then fails to evaluate
 * (the subject is `unknown`) instead of seeing `null` and mistaking an unseen namespace for a missing one.
 */
export type CelVariables =
  | { readonly object: JsonValue; readonly namespaceObject?: JsonValue }
  | { readonly object: JsonValue; readonly namespaceObject?: JsonValue; readonly podSpec: JsonValue; readonly podMeta: JsonValue };

export type CelResult = { readonly ok: true; readonly value: boolean } | { readonly ok: false; readonly error: string };

export interface CelProgram {
  readonly source: string;
  /** True when the expression reads `namespaceObject`, so its verdict depends on Namespaces having been collected. */
  readonly readsNamespace: boolean;
  run(variables: CelVariables): CelResult;
}

export type CompileResult = { readonly ok: true; readonly program: CelProgram } | { readonly ok: false; readonly problem: string };

// Optional types (`object.?spec.?replicas.orValue(1)`) are part of Kubernetes CEL; enable them here too.
// `matches` is routed to re2Matches (linear time) when an expression is compiled; see cost.ts.
const RESOURCE_ENVIRONMENT = new Environment({ enableOptionalTypes: true, limits: { maxAstNodes: CEL_LIMITS.maxAstNodes } })
  .registerFunction('string.re2Matches(string): bool', re2Matches)
  .registerFunction('re2Matches(string, string): bool', re2Matches)
  .registerVariable('object', 'dyn', { description: 'The object under evaluation.' })
  .registerVariable('namespaceObject', 'dyn', { description: 'Its Namespace object; null for cluster-scoped objects and namespaces not in the cluster.' });

const WORKLOAD_ENVIRONMENT = RESOURCE_ENVIRONMENT.clone()
  .registerVariable('podSpec', 'dyn', { description: 'The pod spec of the Pod or of the controller template.' })
  .registerVariable('podMeta', 'dyn', { description: 'The pod metadata of the Pod or of the controller template.' });

const ENVIRONMENTS: Readonly<Record<CelScope, Environment>> = { resource: RESOURCE_ENVIRONMENT, workload: WORKLOAD_ENVIRONMENT };

/** Parses and type-checks one expression; it must be able to yield a bool. */
export function compileExpression(source: string, scope: CelScope): CompileResult {
  const environment = ENVIRONMENTS[scope];
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = environment.parse(source);
  } catch (error) {
    return { ok: false, problem: `syntax error: ${summaryOf(error)}` };
  }
  const stats = inspectAndRouteRegex((parsed as unknown as { ast: unknown }).ast);
  const tooCostly = compileTimeCostProblem(stats);
  if (tooCostly !== undefined) return { ok: false, problem: `cost limit: ${tooCostly} (see docs/limits.md)` };
  const checked = parsed.check();
  if (!checked.valid) return { ok: false, problem: `type error: ${summaryOf(checked.error)}` };
  if (checked.type !== 'bool' && checked.type !== 'dyn') return { ok: false, problem: `must evaluate to a bool, not ${String(checked.type)}` };
  const program: CelProgram = {
    source,
    readsNamespace: /\bnamespaceObject\b/.test(source),
    run: (variables) => runWithinBudget(parsed, stats, variables),
  };
  return { ok: true, program };
}

/** Refuses, before running, an evaluation whose estimated cost exceeds the budget: the subject is then `unknown`. */
function runWithinBudget(parsed: ReturnType<Environment['parse']>, stats: AstStats, variables: CelVariables): CelResult {
  const cost = estimateRunCost(stats, variables);
  if (cost > CEL_LIMITS.costBudget) return { ok: false, error: `CEL cost budget exceeded: estimated cost ${cost.toExponential(2)} is over the limit of ${CEL_LIMITS.costBudget} (see docs/limits.md)` };
  return runParsed(parsed, variables);
}

function runParsed(parsed: ReturnType<Environment['parse']>, variables: CelVariables): CelResult {
  let value: unknown;
  try {
    value = parsed(variables);
  } catch (error) {
    return { ok: false, error: summaryOf(error) };
  }
  return typeof value === 'boolean' ? { ok: true, value } : { ok: false, error: `expression returned ${describeValue(value)}, not a bool` };
}

/** cel-js errors carry a one-line `summary`; their `message` adds a source excerpt over several lines. */
function summaryOf(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'summary' in error && typeof error.summary === 'string') return error.summary;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'bigint' ? 'an int' : `a ${typeof value}`;
}
