import { looksLikeSecretAssignment, REDACTED_CREDENTIAL } from '../domain/secret-patterns.js';
import type { JsonValue } from '../domain/json.js';
import type { KubeObject } from '../domain/snapshot.js';
import { normaliseToolReport } from './tool-reports.js';

const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/**
 * Removes what must never be stored: Secret `data`/`stringData` (should the server send them despite the
 * metadata-only request), ConfigMap values (only keys are kept, as evidence of what is there),
 * `managedFields`, and the last-applied annotation (it repeats the object, Secret data included).
 */
export function redactObject(collected: KubeObject): KubeObject {
  const object = normaliseToolReport(collected);
  const { managedFields: _managed, annotations, ...metadata } = object.metadata;
  const keptAnnotations = annotations === undefined ? undefined : withoutKeys(annotations, DROPPED_ANNOTATIONS);
  const cleanMeta = keptAnnotations === undefined || Object.keys(keptAnnotations).length === 0 ? metadata : { ...metadata, annotations: keptAnnotations };
  if (object.kind === 'Secret' && object.apiVersion === 'v1') {
    const { data: _data, stringData: _stringData, ...rest } = object;
    return { ...rest, metadata: cleanMeta } as KubeObject;
  }
  // A ConfigMap already redacted (from a snapshot file) has no data left: keep its recorded keys.
  if (object.kind === 'ConfigMap' && object.apiVersion === 'v1' && ('data' in object || 'binaryData' in object)) return { ...redactConfigMap(object), metadata: cleanMeta } as KubeObject;
  // env lives under spec only (pod specs and templates); the walk skips everything else.
  const spec = object['spec'];
  return (spec === undefined ? { ...object, metadata: cleanMeta } : { ...object, spec: redactEnvLiterals(spec as JsonValue), metadata: cleanMeta }) as KubeObject;
}

/**
 * Containers' `env` literals that look like credentials are replaced by REDACTED_CREDENTIAL wherever a pod spec
 * sits (Pods, templates, CronJob templates, custom resources embedding one). The check that reports them still
 * sees the variable name and that a credential was there; the value is gone before anything else runs.
 */
function redactEnvLiterals<T extends JsonValue | KubeObject>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redactEnvLiterals(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, child]) => [key, key === 'env' && Array.isArray(child) ? child.map(redactEnvEntry) : redactEnvLiterals(child as JsonValue)]);
  return Object.fromEntries(entries) as T;
}

function redactEnvEntry(entry: JsonValue): JsonValue {
  if (!isRecord(entry) || typeof entry['name'] !== 'string' || typeof entry['value'] !== 'string') return entry;
  return looksLikeSecretAssignment(entry['name'], entry['value']) ? { ...entry, value: REDACTED_CREDENTIAL } : entry;
}

/**
 * ConfigMap values can hold anything a user pasted, so only keys are kept (`dataKeys`). Whether a value
 * looked like a credential is decided here, once, and kept as `secretLookingKeys` — the value never is.
 */
function redactConfigMap(object: KubeObject): KubeObject {
  const { data, binaryData, ...rest } = object;
  const textData = isRecord(data) ? data : {};
  const keys = [...Object.keys(textData), ...Object.keys(isRecord(binaryData) ? binaryData : {})].sort();
  const suspicious = Object.entries(textData)
    .filter(([key, value]) => typeof value === 'string' && looksLikeSecretAssignment(key, value))
    .map(([key]) => key)
    .sort();
  return { ...rest, dataKeys: keys, secretLookingKeys: suspicious } as KubeObject;
}

function withoutKeys(record: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
