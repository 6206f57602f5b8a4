import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { JsonObject, JsonValue } from '../domain/json.js';
import type { KubeObject } from '../domain/snapshot.js';

/**
 * Trivy's own JSON report formats, read as the trivy-operator custom resources the checks already understand:
 * - `trivy image --format json`: `{ SchemaVersion, ArtifactName, CreatedAt, Metadata, Results[] }`;
 * - `trivy k8s --format json`: `{ ClusterName, Resources[] }` (older releases: `Vulnerabilities[]`), each resource with
 *   `Namespace`, `Kind`, `Name` and `Results[]` whose `Target` names the image.
 * Each scanned image becomes a VulnerabilityReport (and an ExposedSecretReport when secrets were scanned), annotated
 * with the file it came from, so a pack says which evidence was converted and from where.
 */
export const SOURCE_ANNOTATION = 'kubevidence.io/evidence-source';

export function isTrivyJsonReport(value: unknown): value is JsonObject {
  if (!isRecord(value) || 'apiVersion' in value || 'kind' in value) return false;
  const image = typeof value['ArtifactName'] === 'string' && Array.isArray(value['Results']);
  const cluster = typeof value['ClusterName'] === 'string' && (Array.isArray(value['Resources']) || Array.isArray(value['Vulnerabilities']));
  return image || cluster;
}

interface ImageScan {
  readonly image: string;
  readonly digest: string | undefined;
  readonly createdAt: string | undefined;
  readonly results: readonly JsonObject[];
  readonly namespace: string | undefined;
  readonly owner: string | undefined;
}

export function objectsOfTrivyReport(report: JsonObject, file: string): KubeObject[] {
  const createdAt = stringOf(report['CreatedAt']);
  const scans: ImageScan[] =
    typeof report['ArtifactName'] === 'string'
      ? [{ image: report['ArtifactName'], digest: digestOf(report['Metadata']), createdAt, results: records(report['Results']), namespace: undefined, owner: undefined }]
      : records(report['Resources'] ?? report['Vulnerabilities']).flatMap((resource) => scansOfResource(resource, createdAt));
  return scans.flatMap((scan) => reportsOf(scan, basename(file)));
}

/** One scan per image a `trivy k8s` resource runs (its results name the image in `Target`). */
function scansOfResource(resource: JsonObject, createdAt: string | undefined): ImageScan[] {
  const byImage = new Map<string, JsonObject[]>();
  for (const result of records(resource['Results'])) {
    const target = stringOf(result['Target']);
    if (target === undefined) continue;
    const image = target.replace(/\s+\(.*\)$/, '');
    byImage.set(image, [...(byImage.get(image) ?? []), result]);
  }
  const namespace = stringOf(resource['Namespace']);
  const owner = [stringOf(resource['Kind']), stringOf(resource['Name'])].filter((part) => part !== undefined).join('/');
  return [...byImage.entries()].map(([image, results]) => ({ image, digest: undefined, createdAt, results, namespace, owner: owner === '' ? undefined : owner }));
}

function reportsOf(scan: ImageScan, file: string): KubeObject[] {
  const artifact = artifactOf(scan.image, scan.digest);
  const name = `trivy-${createHash('sha256').update(`${scan.owner ?? ''} ${scan.image}`).digest('hex').slice(0, 16)}`;
  const metadata = {
    name,
    ...(scan.namespace === undefined ? {} : { namespace: scan.namespace }),
    annotations: { [SOURCE_ANNOTATION]: `Trivy JSON ${file}${scan.owner === undefined ? '' : ` (${scan.owner})`}` },
  };
  const base = { scanner: { name: 'Trivy', vendor: 'Aqua Security' }, ...artifact, ...(scan.createdAt === undefined ? {} : { updateTimestamp: scan.createdAt }) };
  const vulnerabilities = scan.results.flatMap((result) => records(result['Vulnerabilities']).map(vulnerabilityOf));
  const objects: KubeObject[] = [{ apiVersion: 'aquasecurity.github.io/v1alpha1', kind: 'VulnerabilityReport', metadata, report: { ...base, vulnerabilities } } as unknown as KubeObject];
  const secretResults = scan.results.filter((result) => result['Class'] === 'secret' || Array.isArray(result['Secrets']));
  if (secretResults.length > 0) {
    const secrets = secretResults.flatMap((result) => records(result['Secrets']).map((secret) => secretOf(secret, stringOf(result['Target']))));
    objects.push({ apiVersion: 'aquasecurity.github.io/v1alpha1', kind: 'ExposedSecretReport', metadata, report: { ...base, secrets } } as unknown as KubeObject);
  }
  return objects;
}

/** `registry/repo:tag@digest` → the trivy-operator artifact/registry fields. */
function artifactOf(image: string, digest: string | undefined): JsonObject {
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const pinned = at < 0 ? digest : image.slice(at + 1);
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > slash ? named.slice(colon + 1) : undefined;
  const path = colon > slash ? named.slice(0, colon) : named;
  const [first = '', ...rest] = path.split('/');
  const hasRegistry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const repository = hasRegistry ? rest.join('/') : path.includes('/') ? path : `library/${path}`;
  return {
    registry: { server: hasRegistry ? first : 'index.docker.io' },
    artifact: { repository, ...(tag === undefined ? {} : { tag }), ...(pinned === undefined ? {} : { digest: pinned }) },
  };
}

function digestOf(metadata: JsonValue | undefined): string | undefined {
  const digests = isRecord(metadata) ? metadata['RepoDigests'] : undefined;
  const first = Array.isArray(digests) ? digests.find((entry): entry is string => typeof entry === 'string' && entry.includes('@')) : undefined;
  return first?.slice(first.indexOf('@') + 1);
}

function vulnerabilityOf(entry: JsonObject): JsonObject {
  const fields: Record<string, JsonValue | undefined> = {
    vulnerabilityID: stringOf(entry['VulnerabilityID']),
    severity: stringOf(entry['Severity']),
    resource: stringOf(entry['PkgName']),
    installedVersion: stringOf(entry['InstalledVersion']),
    fixedVersion: stringOf(entry['FixedVersion']) ?? '',
    publishedDate: stringOf(entry['PublishedDate']),
    title: stringOf(entry['Title']),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as JsonObject;
}

/** Rule, category, severity and file; Trivy's `Match`/`Code` (the secret text) never leave this function. */
function secretOf(entry: JsonObject, target: string | undefined): JsonObject {
  const fields: Record<string, JsonValue | undefined> = {
    target: target ?? stringOf(entry['Target']),
    ruleID: stringOf(entry['RuleID']),
    category: stringOf(entry['Category']),
    severity: stringOf(entry['Severity']),
    title: stringOf(entry['Title']),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as JsonObject;
}

function records(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function stringOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
