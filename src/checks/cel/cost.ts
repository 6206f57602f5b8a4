import { RE2JS } from 're2js';

/**
 * Cost bounds for custom CEL checks, as Kubernetes bounds ValidatingAdmissionPolicy expressions (docs/limits.md):
 * - at compile time, the expression's size and the nesting of its comprehensions (`all`, `exists`, `map`, …);
 * - at run time, before evaluating, an estimated cost: expression size × (longest list in the input) ^ nesting,
 *   plus the text that regular expressions will scan. Over the budget, the subject is `unknown`, not evaluated.
 * Regular expressions (`matches`) run on RE2 (re2js): linear time, no catastrophic backtracking.
 */
export const CEL_LIMITS = {
  /** Nodes of one expression's syntax tree. */
  maxAstNodes: 2_000,
  /** Comprehensions nested inside each other. */
  maxComprehensionNesting: 3,
  /** Estimated cost units per evaluation (Kubernetes' per-call limit is 1,000,000). */
  costBudget: 1_000_000,
} as const;

const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'existsOne', 'map', 'filter', 'transformList', 'transformMap']);

export interface AstStats {
  readonly nodes: number;
  readonly nesting: number;
  readonly regexCalls: number;
}

interface AstNode {
  op: string;
  args: unknown;
}

function isAstNode(value: unknown): value is AstNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { op?: unknown }).op === 'string';
}

/**
 * Walks the parsed tree once (iteratively): counts nodes and comprehension nesting, and points every `matches` call
 * at the RE2 implementation registered as `re2Matches`.
 */
export function inspectAndRouteRegex(ast: unknown): AstStats {
  let nodes = 0;
  let nesting = 0;
  let regexCalls = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value: ast, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth });
      continue;
    }
    if (!isAstNode(value)) continue;
    nodes += 1;
    const args = Array.isArray(value.args) ? (value.args as unknown[]) : [value.args];
    const isCall = value.op === 'rcall' || value.op === 'call';
    if (isCall && args[0] === 'matches') {
      args[0] = 're2Matches';
      regexCalls += 1;
    }
    const inner = isCall && typeof args[0] === 'string' && COMPREHENSIONS.has(args[0]) ? depth + 1 : depth;
    nesting = Math.max(nesting, inner);
    for (const arg of args) stack.push({ value: arg, depth: inner });
  }
  return { nodes, nesting, regexCalls };
}

/** The compile-time verdict: a problem to report when the file is loaded, or undefined. */
export function compileTimeCostProblem(stats: AstStats): string | undefined {
  if (stats.nodes > CEL_LIMITS.maxAstNodes) return `expression too large: ${stats.nodes} syntax nodes, the limit is ${CEL_LIMITS.maxAstNodes}`;
  if (stats.nesting > CEL_LIMITS.maxComprehensionNesting) return `comprehensions nested ${stats.nesting} deep, the limit is ${CEL_LIMITS.maxComprehensionNesting}`;
  return undefined;
}

/** Longest list and total text length in the variables, walked iteratively. */
function measure(variables: unknown): { longestList: number; textLength: number } {
  let longestList = 0;
  let textLength = 0;
  const stack: unknown[] = [variables];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') textLength += value.length;
    else if (Array.isArray(value)) {
      longestList = Math.max(longestList, value.length);
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.values(value as Record<string, unknown>);
      longestList = Math.max(longestList, entries.length);
      for (const item of entries) stack.push(item);
    }
  }
  return { longestList, textLength };
}

/** The estimated cost of one evaluation, and whether it fits the budget. */
export function estimateRunCost(stats: AstStats, variables: unknown): number {
  const { longestList, textLength } = measure(variables);
  const iterations = Math.pow(Math.max(1, longestList), stats.nesting);
  return stats.nodes * iterations + (stats.regexCalls > 0 ? stats.regexCalls * iterations * Math.ceil(textLength / 100) : 0);
}

const compiled = new Map<string, RE2JS>();

/** `matches` with RE2 semantics (the syntax Kubernetes CEL uses); an invalid pattern is an evaluation error. */
export function re2Matches(text: string, pattern: string): boolean {
  let program = compiled.get(pattern);
  if (program === undefined) {
    program = RE2JS.compile(pattern);
    if (compiled.size > 1_000) compiled.clear();
    compiled.set(pattern, program);
  }
  return program.matcher(text).find();
}
