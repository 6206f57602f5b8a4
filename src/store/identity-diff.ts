/**
 * Field-level differences between two versions of an API object, with lists compared by identity rather than by
 * position: adding three kube-apiserver flags is three added flags, not every later position changed.
 *
 *   containers, initContainers, volumes, env, ... (objects with a unique `name`)   by name: `containers[name=app]`
 *   ports (objects with `port` / `containerPort`)                                  by port/protocol: `ports[443/TCP]`
 *   volumeMounts (objects with `mountPath`)                                        by mount path
 *   command, args (strings, some starting with `-`)                                by flag name, `--flag=value` and
 *                                                                                  `--flag value` alike: `command[--audit-log-path]`
 *   other lists of strings (RBAC verbs, resources, finalizers)                     as sets: `verbs[delete]`
 *   other lists of objects (RBAC rules, subjects, tolerations)                     as sets: `rules[{"apiGroups":[""],...}]`
 * Maps (ConfigMap data, labels, annotations) are compared key by key. A value present on one side only has `null`
 * on the other; a value that changes type is reported whole.
 */
import type { FieldChange } from '../domain/history.js';
import type { JsonValue } from '../domain/json.js';
import { canonicalJson } from './canonical.js';

type JsonRecord = { readonly [key: string]: JsonValue };

export function identityFieldChanges(before: JsonValue, after: JsonValue): FieldChange[] {
  const changes: FieldChange[] = [];
  compare(before, after, '', '', changes);
  return changes;
}

function compare(before: JsonValue | undefined, after: JsonValue | undefined, path: string, key: string, out: FieldChange[]): void {
  if (isRecord(before) && isRecord(after)) {
    for (const child of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) compare(before[child], after[child], joinKey(path, child), child, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    compareLists(before, after, path, key, out);
    return;
  }
  if (before === after) return;
  if (before !== undefined && after !== undefined && canonicalJson(before) === canonicalJson(after)) return;
  out.push({ path, before: before ?? null, after: after ?? null });
}

function compareLists(before: readonly JsonValue[], after: readonly JsonValue[], path: string, key: string, out: FieldChange[]): void {
  const keyed = keyedEntries(before, after, key);
  if (keyed === null) {
    for (let index = 0; index < Math.max(before.length, after.length); index += 1) compare(before[index], after[index], `${path}[${index}]`, key, out);
    return;
  }
  const [a, b] = keyed;
  for (const identity of [...new Set([...a.keys(), ...b.keys()])]) compare(a.get(identity), b.get(identity), `${path}[${identity}]`, key, out);
}

/**
 * Both lists as maps from an identity to a value, or null when the list has no identity that holds on both sides
 * (then positions are compared, as for a list of plain numbers).
 */
function keyedEntries(before: readonly JsonValue[], after: readonly JsonValue[], key: string): [Map<string, JsonValue>, Map<string, JsonValue>] | null {
  const all = [...before, ...after];
  if (all.length === 0) return null;
  if ((key === 'command' || key === 'args') && all.every((item) => typeof item === 'string') && all.some((item) => (item as string).startsWith('-'))) {
    return [flagMap(before as string[]), flagMap(after as string[])];
  }
  if (all.every((item) => typeof item === 'string')) return [setMap(before), setMap(after)];
  if (!all.every(isRecord)) return null;
  const records = all as JsonRecord[];
  for (const identity of IDENTITIES) {
    if (!records.every((record) => identity.applies(record, key))) continue;
    const a = uniqueMap(before as JsonRecord[], identity.of);
    const b = uniqueMap(after as JsonRecord[], identity.of);
    if (a !== null && b !== null) return [a, b];
  }
  return [setMap(before), setMap(after)];
}

interface Identity {
  readonly applies: (record: JsonRecord, key: string) => boolean;
  readonly of: (record: JsonRecord) => string;
}

const IDENTITIES: readonly Identity[] = [
  {
    applies: (record, key) => key.toLowerCase().endsWith('ports') && (typeof record['port'] === 'number' || typeof record['containerPort'] === 'number'),
    of: (record) => `${String(record['containerPort'] ?? record['port'])}/${typeof record['protocol'] === 'string' ? record['protocol'] : 'TCP'}`,
  },
  { applies: (record) => typeof record['name'] === 'string', of: (record) => `name=${String(record['name'])}` },
  { applies: (record) => typeof record['mountPath'] === 'string', of: (record) => `mountPath=${String(record['mountPath'])}` },
];

function uniqueMap(records: readonly JsonRecord[], identityOf: (record: JsonRecord) => string): Map<string, JsonValue> | null {
  const map = new Map<string, JsonValue>();
  for (const record of records) {
    const identity = identityOf(record);
    if (map.has(identity)) return null;
    map.set(identity, record);
  }
  return map;
}

/** A list as a set: each member keyed by its own (canonical) text; a member given twice is keyed `#2`. */
function setMap(items: readonly JsonValue[]): Map<string, JsonValue> {
  const map = new Map<string, JsonValue>();
  for (const item of items) {
    const text = typeof item === 'string' ? item : canonicalJson(orderFree(item));
    let identity = text;
    for (let copy = 2; map.has(identity); copy += 1) identity = `${text}#${copy}`;
    map.set(identity, item);
  }
  return map;
}

/** A set member's identity ignores the order of the string lists inside it (an RBAC rule's verbs). */
function orderFree(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? [...(value as string[])].sort() : value.map(orderFree);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, orderFree(item)]));
  return value;
}

/**
 * A command line as flags: `--flag=value` and `--flag value` both give `--flag` → `value`; a flag without a value
 * (followed by another flag, or last) → true; a repeated flag → the list of its values. Words before the first flag
 * (the binary, a subcommand) and words no flag takes are positional, keyed `#0`, `#1`, ...
 */
export function flagMap(words: readonly string[]): Map<string, JsonValue> {
  const map = new Map<string, JsonValue>();
  const add = (flag: string, value: JsonValue): void => {
    const existing = map.get(flag);
    map.set(flag, existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value]);
  };
  let positional = 0;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] as string;
    if (!word.startsWith('-') || word === '-' || word === '--') {
      map.set(`#${positional}`, word);
      positional += 1;
      continue;
    }
    const equals = word.indexOf('=');
    if (equals > 0) {
      add(word.slice(0, equals), word.slice(equals + 1));
      continue;
    }
    const next = words[index + 1];
    if (next !== undefined && !next.startsWith('-')) {
      add(word, next);
      index += 1;
    } else add(word, true);
  }
  return map;
}

function joinKey(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function isRecord(value: JsonValue | undefined): value is JsonRecord {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}
