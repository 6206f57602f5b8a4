import type { JsonObject, JsonValue } from '../domain/json.js';
import type { KubeObject } from '../domain/snapshot.js';

/**
 * Security-tool reports are evidence, but not all of what they carry belongs in a snapshot:
 * - an ExposedSecretReport's `match` is the secret itself (Trivy masks only part of it): dropped, like Secret data;
 * - a VulnerabilityReport repeats long descriptions and link lists for every package: only what the checks and an
 *   auditor read is kept (id, severity, package, versions, publication date, title, score), so five thousand reports
 *   do not double the snapshot.
 * Applied at collection with the other redactions, before anything is hashed or stored.
 */
const TRIVY_GROUP = 'aquasecurity.github.io/';
const KEPT_VULNERABILITY_FIELDS = ['vulnerabilityID', 'severity', 'resource', 'installedVersion', 'fixedVersion', 'publishedDate', 'title', 'score'] as const;
const TITLE_LIMIT = 160;
const DROPPED_SECRET_FIELDS = new Set(['match', 'code', 'Match', 'Code']);

export function normaliseToolReport(object: KubeObject): KubeObject {
  if (!object.apiVersion.startsWith(TRIVY_GROUP)) return object;
  const report = object['report'];
  if (!isRecord(report)) return object;
  if (object.kind === 'ExposedSecretReport' && Array.isArray(report['secrets'])) {
    return { ...object, report: { ...report, secrets: report['secrets'].map(withoutSecretText) } } as KubeObject;
  }
  if (object.kind === 'VulnerabilityReport' && Array.isArray(report['vulnerabilities'])) {
    return { ...object, report: { ...report, vulnerabilities: report['vulnerabilities'].map(slimVulnerability) } } as KubeObject;
  }
  return object;
}

function withoutSecretText(secret: JsonValue): JsonValue {
  if (!isRecord(secret)) return secret;
  return Object.fromEntries(Object.entries(secret).filter(([key]) => !DROPPED_SECRET_FIELDS.has(key)));
}

function slimVulnerability(vulnerability: JsonValue): JsonValue {
  if (!isRecord(vulnerability)) return vulnerability;
  const kept: Record<string, JsonValue> = {};
  for (const field of KEPT_VULNERABILITY_FIELDS) {
    const value = vulnerability[field];
    if (value === undefined) continue;
    kept[field] = field === 'title' && typeof value === 'string' && value.length > TITLE_LIMIT ? `${value.slice(0, TITLE_LIMIT - 1)}…` : value;
  }
  return kept;
}

function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
