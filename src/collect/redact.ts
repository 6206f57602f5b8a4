import { isCredentialKey, isPlaceholderOrReference, redactCredentialSpans, REDACTED_CREDENTIAL, looksLikeSecretAssignment } from '../domain/secret-patterns.js';
import type { JsonValue } from '../domain/json.js';
import type { KubeObject, ObjectMeta } from '../domain/snapshot.js';
import { normaliseToolReport } from './tool-reports.js';

/** It repeats the whole object as applied (a Secret's data included), so it is never kept, on any kind. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Secret metadata kept: an allow-list, so a field added by a controller or a new Kubernetes version is dropped until
 * someone decides it is safe. Annotation values are dropped except the ones a check reads, which name a service
 * account and hold no credential.
 */
const SECRET_METADATA_KEPT = ['name', 'namespace', 'uid', 'labels', 'ownerReferences', 'creationTimestamp'] as const;
const SECRET_ANNOTATIONS_KEPT = ['kubernetes.io/service-account.name', 'kubernetes.io/service-account.uid'];

/**
 * Removes what must never be stored, on every object before anything else holds it (live lists and offline files
 * both pass here; see docs/secrets.md):
 * - Secrets keep an allow-list of metadata, their type and immutability, and the names of their data keys;
 * - ConfigMaps keep their keys only, with the credential verdict made here (`secretLookingKeys`);
 * - everywhere else, credential values are cut out of env `name`/`value` pairs (and any such pair, e.g. probe
 *   HTTP headers), container args and commands (`--password=…`, `--password …`, `mysql -p…`, URL userinfo,
 *   `Bearer …`), annotations, and any field whose key names a credential; `managedFields` and the last-applied
 *   annotation are dropped.
 * Each cut value becomes REDACTED_CREDENTIAL, so a check can still say which field held a credential.
 */
export function redactObject(collected: KubeObject): KubeObject {
  const object = normaliseToolReport(collected);
  if (object.kind === 'Secret' && object.apiVersion === 'v1') return redactSecret(object);
  const metadata = redactMetadata(object.metadata);
  // A ConfigMap already redacted (from a snapshot file) has no data left: keep its recorded keys.
  if (object.kind === 'ConfigMap' && object.apiVersion === 'v1' && ('data' in object || 'binaryData' in object)) return { ...redactConfigMap(object), metadata } as KubeObject;
  const { metadata: _metadata, ...rest } = object;
  return { ...(redactTree(rest as unknown as JsonValue, '') as Record<string, JsonValue>), metadata } as unknown as KubeObject;
}

function redactMetadata(metadata: ObjectMeta): ObjectMeta {
  const { managedFields: _managed, annotations, ...rest } = metadata;
  // Only the type is kept (the value might hold anything): the typed-input rule still sees a non-map there.
  if (annotations !== undefined && annotations !== null && !isStringRecord(annotations as unknown as JsonValue)) return { ...rest, annotations: `[redacted: ${Array.isArray(annotations) ? 'a list' : `a ${typeof annotations}`}]` } as unknown as ObjectMeta;
  const kept = annotations === undefined || annotations === null ? {} : redactAnnotations(annotations);
  return Object.keys(kept).length === 0 ? rest : { ...rest, annotations: kept };
}

function redactAnnotations(annotations: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations)
      .filter(([key]) => key !== LAST_APPLIED)
      .map(([key, value]) => [key, typeof value === 'string' ? redactField(key, value) : value]),
  );
}

function redactSecret(object: KubeObject): KubeObject {
  const source = object.metadata as unknown as Record<string, unknown>;
  const metadata: Record<string, unknown> = {};
  for (const key of SECRET_METADATA_KEPT) if (source[key] !== undefined) metadata[key] = source[key];
  const annotations = Object.fromEntries(Object.entries(object.metadata.annotations ?? {}).filter(([key]) => SECRET_ANNOTATIONS_KEPT.includes(key)));
  if (Object.keys(annotations).length > 0) metadata['annotations'] = annotations;
  const record = object as unknown as Record<string, unknown>;
  const dataKeys = secretDataKeys(record);
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata,
    ...(typeof record['type'] === 'string' ? { type: record['type'] } : {}),
    ...(typeof record['immutable'] === 'boolean' ? { immutable: record['immutable'] } : {}),
    ...(dataKeys === undefined ? {} : { dataKeys }),
  } as unknown as KubeObject;
}

/** The names of a Secret's data keys (from `data`/`stringData`, or already recorded by an earlier redaction). */
function secretDataKeys(record: Record<string, unknown>): string[] | undefined {
  const recorded = record['dataKeys'];
  if (Array.isArray(recorded)) return recorded.filter((key): key is string => typeof key === 'string').sort();
  const data = record['data'];
  const stringData = record['stringData'];
  if (!isRecord(data) && !isRecord(stringData)) return undefined;
  return [...new Set([...Object.keys(isRecord(data) ? data : {}), ...Object.keys(isRecord(stringData) ? stringData : {})])].sort();
}

const RECORDED_KEY_LISTS = ['dataKeys', 'secretLookingKeys'];

/**
 * Walks every field: `annotations` maps (pod templates carry their own), `args`/`command` lists, `{name, value}`
 * pairs (env, HTTP headers), and any string whose key names a credential.
 */
function redactTree(value: JsonValue, key: string): JsonValue {
  if (typeof value === 'string') return redactField(key, value);
  if (Array.isArray(value)) {
    // Key names recorded by an earlier redaction (a snapshot file read again) are names, not values.
    if (RECORDED_KEY_LISTS.includes(key)) return value;
    if ((key === 'args' || key === 'command') && value.every((item) => typeof item === 'string')) return redactArgv(value as string[]);
    return value.map((item) => redactTree(item, key));
  }
  if (value === null || typeof value !== 'object') return value;
  if (typeof value['name'] === 'string' && typeof value['value'] === 'string') {
    const { value: literal, ...rest } = value;
    return { ...(redactTree(rest, key) as Record<string, JsonValue>), value: redactField(value['name'], literal as string) };
  }
  return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [childKey, childKey === 'annotations' && isStringRecord(child) ? redactAnnotations(child) : redactTree(child, childKey)]));
}

/** A value under a key naming a credential goes whole; any other value loses only its credential-shaped spans. */
function redactField(key: string, value: string): string {
  if (value === REDACTED_CREDENTIAL) return value;
  if (isCredentialKey(key) && !isPlaceholderOrReference(value)) return REDACTED_CREDENTIAL;
  return redactCredentialSpans(value);
}

/**
 * `["--password", "x"]` (the value as the next argument), `mysql … -pSECRET` (the value glued to `-p`), and every
 * argument's own spans (`--password=x`, URLs with a password, shell scripts).
 */
function redactArgv(argv: readonly string[]): string[] {
  const mysql = argv.some((arg) => /(?:^|[\s/])(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mariadb|mariadb-dump)(?:\s|$)/.test(arg));
  return argv.map((arg, index) => {
    const previous = index > 0 ? argv[index - 1] : undefined;
    if (previous !== undefined && /^--?[A-Za-z][\w.-]*$/.test(previous) && isCredentialKey(previous) && !arg.startsWith('-') && !isPlaceholderOrReference(arg)) return REDACTED_CREDENTIAL;
    const glued = mysql ? arg.replace(/(^|\s)-p(?!\s|$|ort)(\S+)/g, (_whole, lead: string) => `${lead}-p${REDACTED_CREDENTIAL}`) : arg;
    return redactCredentialSpans(glued);
  });
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
  // A wrong-typed `data` keeps only its type, so the checks' typed-input rule still sees it (the value never is kept).
  const wrongTyped = data !== undefined && data !== null && !isRecord(data) ? { data: `[redacted: ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}]` } : {};
  return { ...rest, ...wrongTyped, dataKeys: keys, secretLookingKeys: suspicious } as KubeObject;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}
