import type { JsonValue } from '../../domain/json.js';
import { isObject } from '../containers.js';

/**
 * Three-valued truth for selector matching: `undefined` means "cannot tell from the snapshot" — for instance
 * whether *every* pod of a namespace carries a label. Checks treat it as "not shown", never as a match.
 */
export type Maybe = boolean | undefined;

/** A label's value, `null` when the label is known to be absent, `undefined` when it is not known. */
export type LabelLookup = (key: string) => string | null | undefined;

/** Kleene conjunction: false wins, then unknown. */
export function allOf(values: readonly Maybe[]): Maybe {
  if (values.includes(false)) return false;
  return values.includes(undefined) ? undefined : true;
}

function anyOf(values: readonly Maybe[]): Maybe {
  if (values.includes(true)) return true;
  return values.includes(undefined) ? undefined : false;
}

function not(value: Maybe): Maybe {
  return value === undefined ? undefined : !value;
}

/** Applies a test to a label value, propagating "unknown". */
function onValue(value: string | null | undefined, test: (value: string | null) => boolean): Maybe {
  return value === undefined ? undefined : test(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes label selectors (NetworkPolicy podSelector, Cilium endpointSelector)

/**
 * Matches a Kubernetes LabelSelector: every matchLabels pair and every matchExpressions requirement
 * (In, NotIn, Exists, DoesNotExist) must hold; an empty selector matches everything. An operator this code does
 * not know makes the result unknown rather than a guess.
 */
export function matchLabelSelector(selector: JsonValue | undefined, lookup: LabelLookup): Maybe {
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector)) return undefined;
  const labels = isObject(selector['matchLabels']) ? Object.entries(selector['matchLabels']) : [];
  const expressions = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : [];
  return allOf([
    ...labels.map(([key, value]) => onValue(lookup(key), (actual) => actual === value)),
    ...expressions.map((expression) => matchExpression(expression, lookup)),
  ]);
}

function matchExpression(expression: JsonValue, lookup: LabelLookup): Maybe {
  if (!isObject(expression) || typeof expression['key'] !== 'string') return undefined;
  const value = lookup(expression['key']);
  const values = Array.isArray(expression['values']) ? expression['values'].filter((item): item is string => typeof item === 'string') : [];
  switch (expression['operator']) {
    case 'In':
      return onValue(value, (actual) => actual !== null && values.includes(actual));
    case 'NotIn':
      return onValue(value, (actual) => actual === null || !values.includes(actual));
    case 'Exists':
      return onValue(value, (actual) => actual !== null);
    case 'DoesNotExist':
      return onValue(value, (actual) => actual === null);
    default:
      return undefined;
  }
}

/** True for `{}`, `{matchLabels: {}}` and the like: a selector that selects everything. */
export function isEmptySelector(selector: JsonValue | undefined): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector)) return false;
  const labels = selector['matchLabels'];
  const expressions = selector['matchExpressions'];
  return (labels === undefined || labels === null || (isObject(labels) && Object.keys(labels).length === 0)) && (expressions === undefined || expressions === null || (Array.isArray(expressions) && expressions.length === 0));
}

// ---------------------------------------------------------------------------------------------------------------
// Calico selector expressions

export type CalicoSelector = (lookup: LabelLookup) => Maybe;

/**
 * Compiles a Calico selector: `all()`, `global()`, `has(k)`, `k == 'v'`, `k != 'v'`, `k in {'a','b'}`,
 * `k not in {...}`, `k contains 's'`, `k starts with 's'`, `k ends with 's'`, `!`, `&&`, `||` and parentheses.
 * An empty selector is `all()`. Returns undefined when the text cannot be parsed: the caller then cannot tell
 * what the policy selects.
 */
export function compileCalicoSelector(text: string): CalicoSelector | undefined {
  if (text.trim() === '') return () => true;
  const tokens = tokenize(text);
  if (tokens === undefined) return undefined;
  const parser = new CalicoParser(tokens);
  try {
    const selector = parser.expression();
    return parser.atEnd() ? selector : undefined;
  } catch {
    return undefined;
  }
}

interface Token {
  readonly kind: 'word' | 'string' | 'symbol';
  readonly text: string;
}

const TOKEN = /\s*(?:(==|!=|&&|\|\||[!(){},])|'([^']*)'|"([^"]*)"|([A-Za-z0-9_./-]+))/y;

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(text);
    if (match === null) return undefined;
    if (match[1] !== undefined) tokens.push({ kind: 'symbol', text: match[1] });
    else if (match[2] !== undefined || match[3] !== undefined) tokens.push({ kind: 'string', text: match[2] ?? match[3] ?? '' });
    else tokens.push({ kind: 'word', text: match[4] ?? '' });
  }
  return tokens;
}

/** Recursive descent over the grammar above; throws on anything unexpected (caught by compileCalicoSelector). */
class CalicoParser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  atEnd(): boolean {
    return this.position === this.tokens.length;
  }

  expression(): CalicoSelector {
    const terms = [this.conjunction()];
    while (this.accept('symbol', '||')) terms.push(this.conjunction());
    return terms.length === 1 ? (terms[0] as CalicoSelector) : (lookup) => anyOf(terms.map((term) => term(lookup)));
  }

  private conjunction(): CalicoSelector {
    const terms = [this.unary()];
    while (this.accept('symbol', '&&')) terms.push(this.unary());
    return terms.length === 1 ? (terms[0] as CalicoSelector) : (lookup) => allOf(terms.map((term) => term(lookup)));
  }

  private unary(): CalicoSelector {
    if (this.accept('symbol', '!')) {
      const inner = this.unary();
      return (lookup) => not(inner(lookup));
    }
    return this.primary();
  }

  private primary(): CalicoSelector {
    if (this.accept('symbol', '(')) {
      const inner = this.expression();
      this.expect('symbol', ')');
      return inner;
    }
    const word = this.expect('word');
    if (this.peekIs('symbol', '(')) return this.call(word);
    return this.comparison(word);
  }

  private call(name: string): CalicoSelector {
    this.expect('symbol', '(');
    if (name === 'all' || name === 'global') {
      this.expect('symbol', ')');
      // global() selects non-namespaced endpoints (host endpoints, network sets), never a pod.
      return name === 'all' ? () => true : () => false;
    }
    if (name !== 'has') throw new Error(`unknown function ${name}()`);
    const key = this.expect('word');
    this.expect('symbol', ')');
    return (lookup) => onValue(lookup(key), (actual) => actual !== null);
  }

  private comparison(key: string): CalicoSelector {
    if (this.accept('symbol', '==')) return this.valueTest(key, (actual, wanted) => actual === wanted);
    if (this.accept('symbol', '!=')) return this.valueTest(key, (actual, wanted) => actual !== wanted, true);
    if (this.accept('word', 'in')) return this.setTest(key, false);
    if (this.accept('word', 'not')) {
      this.expect('word', 'in');
      return this.setTest(key, true);
    }
    if (this.accept('word', 'contains')) return this.valueTest(key, (actual, wanted) => actual.includes(wanted));
    if (this.accept('word', 'starts')) {
      this.expect('word', 'with');
      return this.valueTest(key, (actual, wanted) => actual.startsWith(wanted));
    }
    this.expect('word', 'ends');
    this.expect('word', 'with');
    return this.valueTest(key, (actual, wanted) => actual.endsWith(wanted));
  }

  /** `absentMatches`: Calico's `!=` holds for endpoints without the label. */
  private valueTest(key: string, test: (actual: string, wanted: string) => boolean, absentMatches = false): CalicoSelector {
    const wanted = this.expect('string');
    return (lookup) => onValue(lookup(key), (actual) => (actual === null ? absentMatches : test(actual, wanted)));
  }

  private setTest(key: string, negated: boolean): CalicoSelector {
    this.expect('symbol', '{');
    const values: string[] = [];
    if (!this.accept('symbol', '}')) {
      do values.push(this.expect('string'));
      while (this.accept('symbol', ','));
      this.expect('symbol', '}');
    }
    return (lookup) => onValue(lookup(key), (actual) => (negated ? actual === null || !values.includes(actual) : actual !== null && values.includes(actual)));
  }

  private peekIs(kind: Token['kind'], text: string): boolean {
    const token = this.tokens[this.position];
    return token !== undefined && token.kind === kind && token.text === text;
  }

  private accept(kind: Token['kind'], text: string): boolean {
    if (!this.peekIs(kind, text)) return false;
    this.position += 1;
    return true;
  }

  private expect(kind: Token['kind'], text?: string): string {
    const token = this.tokens[this.position];
    if (token === undefined || token.kind !== kind || (text !== undefined && token.text !== text)) throw new Error('unexpected token');
    this.position += 1;
    return token.text;
  }
}
