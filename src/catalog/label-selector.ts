import { usageError } from '../errors.js';

/** One requirement of a Kubernetes label selector. */
type Requirement =
  | { readonly op: 'exists' | 'not-exists'; readonly key: string }
  | { readonly op: 'in' | 'notin'; readonly key: string; readonly values: readonly string[] };

export type LabelSelector = readonly Requirement[];

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/**
 * Parses the label selector syntax kubectl accepts: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
 * comma-separated (all must hold). A syntax error is a one-line usage error naming the flag or field.
 */
export function parseLabelSelector(text: string, field = '--namespace-selector'): LabelSelector {
  const parts = splitTopLevel(text, field);
  if (parts.length === 0) throw usageError(`${field}: empty label selector`);
  return parts.map((part) => requirementOf(part, field));
}

export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return selector.every((requirement) => {
    const value = Object.hasOwn(labels, requirement.key) ? labels[requirement.key] : undefined;
    switch (requirement.op) {
      case 'exists':
        return value !== undefined;
      case 'not-exists':
        return value === undefined;
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notin':
        return value === undefined || !requirement.values.includes(value);
    }
  });
}

/** Splits on commas outside parentheses. */
function splitTopLevel(text: string, field: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth < 0 || depth > 1) throw usageError(`${field}: unbalanced parentheses in '${text}'`);
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (depth !== 0) throw usageError(`${field}: unbalanced parentheses in '${text}'`);
  if (current.trim() !== '' || parts.length > 0) parts.push(current.trim());
  if (parts.some((part) => part === '')) throw usageError(`${field}: empty requirement in '${text}'`);
  return parts;
}

function requirementOf(part: string, field: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set !== null) {
    const values = (set[3] ?? '').split(',').map((value) => value.trim());
    return { op: set[2] === 'in' ? 'in' : 'notin', key: checkedKey(set[1] ?? '', field, part), values: values.map((value) => checkedValue(value, field, part)) };
  }
  const equality = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
  if (equality !== null) {
    const values = [checkedValue(equality[3] ?? '', field, part)];
    return { op: equality[2] === '!=' ? 'notin' : 'in', key: checkedKey(equality[1] ?? '', field, part), values };
  }
  if (part.startsWith('!')) return { op: 'not-exists', key: checkedKey(part.slice(1).trim(), field, part) };
  return { op: 'exists', key: checkedKey(part, field, part) };
}

function checkedKey(key: string, field: string, part: string): string {
  if (!KEY.test(key)) throw usageError(`${field}: '${key}' is not a valid label key (in '${part}')`);
  return key;
}

function checkedValue(value: string, field: string, part: string): string {
  if (value.length > 63 || !VALUE.test(value)) throw usageError(`${field}: '${value}' is not a valid label value (in '${part}')`);
  return value;
}
