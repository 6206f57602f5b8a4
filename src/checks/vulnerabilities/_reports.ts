import type { JsonObject, JsonValue } from '../../domain/json.js';
import type { KubeObject } from '../../domain/snapshot.js';
import { describeRef, refOf } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { parseImage, type ImageReference } from '../images/_shared.js';
import type { SnapshotIndex } from '../snapshot-index.js';

/** Kind keys of the trivy-operator reports (aquasecurity.github.io) the vulnerability checks read. */
export const SCANNER_KINDS = {
  vulnerabilityReport: 'VulnerabilityReport.aquasecurity.github.io',
  exposedSecretReport: 'ExposedSecretReport.aquasecurity.github.io',
  configAuditReport: 'ConfigAuditReport.aquasecurity.github.io',
  rbacAssessmentReport: 'RbacAssessmentReport.aquasecurity.github.io',
  clusterRbacAssessmentReport: 'ClusterRbacAssessmentReport.aquasecurity.github.io',
  clusterComplianceReport: 'ClusterComplianceReport.aquasecurity.github.io',
} as const;

export const VULNERABILITY_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type VulnerabilitySeverity = (typeof VULNERABILITY_SEVERITIES)[number];

/** One vulnerability as a scanner reported it, with the index it sits at in its report. */
export interface ReportedVulnerability {
  readonly id: string;
  readonly severity: VulnerabilitySeverity;
  readonly packageName: string;
  readonly installedVersion: string;
  /** Empty when no fixed version exists yet. */
  readonly fixedVersion: string;
  /** ISO date the vulnerability was published, when the scanner said. */
  readonly publishedDate: string | undefined;
  readonly path: string;
}

/** A scan of one image, whatever tool or format it came from (trivy-operator CRs; Trivy JSON is converted to them). */
export interface ImageScan {
  readonly report: KubeObject;
  /** `VulnerabilityReport/shop/replicaset-frontend-abc-server`. */
  readonly description: string;
  readonly image: ImageReference;
  /** When the scanner last wrote the report (`report.updateTimestamp`, else the object's creation time). */
  readonly scannedAt: string | undefined;
  readonly scanner: string;
  /** null when the report's shape is not the documented one: it proves nothing. */
  readonly vulnerabilities: readonly ReportedVulnerability[] | null;
}

/** The key two references to the same image content share: registry/repository plus digest, or tag when no digest. */
export function imageKeys(image: ImageReference): string[] {
  const name = `${image.registry}/${image.repository}`;
  const keys: string[] = [];
  if (image.digest !== undefined) keys.push(`${name}@${image.digest.toLowerCase()}`);
  if (image.tag !== undefined) keys.push(`${name}:${image.tag}`);
  if (image.tag === undefined && image.digest === undefined) keys.push(`${name}:latest`);
  return keys;
}

function stringAt(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The image a trivy-operator report describes: `report.registry.server` + `report.artifact.{repository,tag,digest}`. */
export function imageOfReport(report: KubeObject): ImageReference | undefined {
  const body = report['report'];
  if (!isObject(body as JsonValue)) return undefined;
  const artifact = (body as JsonObject)['artifact'];
  const registry = (body as JsonObject)['registry'];
  const repository = stringAt(isObject(artifact) ? artifact : undefined, 'repository');
  if (repository === undefined) return undefined;
  const server = stringAt(isObject(registry) ? registry : undefined, 'server');
  const tag = stringAt(isObject(artifact) ? artifact : undefined, 'tag');
  const digest = stringAt(isObject(artifact) ? artifact : undefined, 'digest');
  const raw = `${server === undefined ? '' : `${server}/`}${repository}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
  return parseImage(raw);
}

function vulnerabilitiesOf(body: JsonObject): ReportedVulnerability[] | null {
  const list = body['vulnerabilities'];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return null;
  const out: ReportedVulnerability[] = [];
  for (let i = 0; i < list.length; i += 1) {
    const entry = list[i];
    if (!isObject(entry)) return null;
    const id = stringAt(entry, 'vulnerabilityID');
    const severity = stringAt(entry, 'severity')?.toUpperCase();
    if (id === undefined || severity === undefined) return null;
    out.push({
      id,
      severity: (VULNERABILITY_SEVERITIES as readonly string[]).includes(severity) ? (severity as VulnerabilitySeverity) : 'UNKNOWN',
      packageName: stringAt(entry, 'resource') ?? stringAt(entry, 'pkgName') ?? '',
      installedVersion: stringAt(entry, 'installedVersion') ?? '',
      fixedVersion: stringAt(entry, 'fixedVersion') ?? '',
      publishedDate: stringAt(entry, 'publishedDate'),
      path: `report.vulnerabilities[${i}]`,
    });
  }
  return out;
}

export function scanOf(report: KubeObject): ImageScan | undefined {
  const image = imageOfReport(report);
  if (image === undefined) return undefined;
  const body = report['report'] as JsonObject;
  const scanner = isObject(body['scanner']) ? body['scanner'] : undefined;
  return {
    report,
    description: describeRef(refOf(report)),
    image,
    scannedAt: stringAt(body, 'updateTimestamp') ?? report.metadata.creationTimestamp,
    scanner: [stringAt(scanner, 'name') ?? 'unknown scanner', stringAt(scanner, 'version')].filter((part) => part !== undefined).join(' '),
    vulnerabilities: vulnerabilitiesOf(body),
  };
}

/** Every image scan, by image key: built once per evaluation and shared by the vulnerability checks. */
export function scansByImage(index: SnapshotIndex): ReadonlyMap<string, readonly ImageScan[]> {
  return index.derived(index.snapshot, () => {
    const byKey = new Map<string, ImageScan[]>();
    for (const report of index.list(SCANNER_KINDS.vulnerabilityReport)) {
      const scan = scanOf(report);
      if (scan === undefined) continue;
      for (const key of imageKeys(scan.image)) {
        const list = byKey.get(key);
        if (list === undefined) byKey.set(key, [scan]);
        else list.push(scan);
      }
    }
    return byKey;
  });
}

/** The scans of one container image; the newest first. A digest match beats a tag match (tags move). */
export function scansOfImage(index: SnapshotIndex, image: ImageReference): readonly ImageScan[] {
  const byKey = scansByImage(index);
  for (const key of imageKeys(image)) {
    const scans = byKey.get(key);
    if (scans !== undefined && scans.length > 0) return [...scans].sort((a, b) => (b.scannedAt ?? '').localeCompare(a.scannedAt ?? ''));
  }
  return [];
}

/** True when the snapshot holds any vulnerability report at all: without one there is no scanner evidence. */
export function hasScannerEvidence(index: SnapshotIndex): boolean {
  return index.list(SCANNER_KINDS.vulnerabilityReport).length > 0;
}

export const NO_SCANNER_EVIDENCE =
  'no vulnerability scanner evidence found in the cluster (no trivy-operator VulnerabilityReport, and no Trivy JSON report given as input)';

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (ISO dates); undefined when either is missing or unreadable. */
export function daysBetween(from: string | undefined, to: string | null | undefined): number | undefined {
  if (from === undefined || to === undefined || to === null) return undefined;
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.floor((end - start) / DAY_MS);
}
