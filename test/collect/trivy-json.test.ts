import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kubeObjectsIn, readManifestFile } from '../../src/collect/read-manifests.js';
import { SOURCE_ANNOTATION } from '../../src/collect/trivy-json.js';
import { cli } from '../support/cli.js';

const FIXTURES = new URL('../fixtures/trivy/', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kv-trivy-'));
  dirs.push(dir);
  return dir;
}

describe('Trivy JSON reports as evidence', () => {
  it('reads `trivy image --format json` as a VulnerabilityReport and an ExposedSecretReport, without the secret text', () => {
    const objects = kubeObjectsIn(readManifestFile(join(FIXTURES, 'nginx-1.16.image.json')));
    expect(objects.map((object) => object.kind)).toEqual(['VulnerabilityReport', 'ExposedSecretReport']);
    const [vulnerabilities, secrets] = objects;
    expect(vulnerabilities?.metadata.annotations?.[SOURCE_ANNOTATION]).toBe('Trivy JSON nginx-1.16.image.json');
    expect(vulnerabilities?.['report']).toMatchObject({
      registry: { server: 'index.docker.io' },
      artifact: { repository: 'library/nginx', tag: '1.16', digest: 'sha256:d20aa6d1cae56fd17cd458f4807e0de462caf2336f0b70b5eeb69fcaaf30dd9c' },
      updateTimestamp: '2026-10-30T08:12:44.139427+00:00',
      vulnerabilities: [
        { vulnerabilityID: 'CVE-2019-18224', severity: 'CRITICAL', resource: 'libidn2-0', fixedVersion: '2.0.5-1+deb10u1', publishedDate: '2019-10-21T17:15:00Z' },
        { vulnerabilityID: 'CVE-2020-3810', severity: 'MEDIUM' },
      ],
    });
    expect(JSON.stringify(secrets)).toContain('aws-access-key-id');
    expect(JSON.stringify(objects)).not.toContain('AKIAKUBEVIDENCECANARY');
  });

  it('reads `trivy k8s --format json` per resource and image, in the resource namespace', () => {
    const objects = kubeObjectsIn(readManifestFile(join(FIXTURES, 'boutique.k8s.json')));
    expect(objects).toHaveLength(2);
    expect(objects.every((object) => object.kind === 'VulnerabilityReport' && object.metadata.namespace === 'boutique')).toBe(true);
    expect(objects[0]?.['report']).toMatchObject({ registry: { server: 'us-central1-docker.pkg.dev' }, artifact: { repository: 'google-samples/microservices-demo/frontend', tag: 'v0.10.3' } });
    expect(objects[0]?.metadata.annotations?.[SOURCE_ANNOTATION]).toBe('Trivy JSON boutique.k8s.json (Deployment/frontend)');
  });

  it('feeds the vulnerability checks from `evaluate --from-file`: nginx:1.16 fails, an unscanned image is unknown', async () => {
    const dir = tempDir();
    cpSync(join(FIXTURES, 'nginx-1.16.image.json'), join(dir, 'trivy-nginx.json'));
    writeFileSync(
      join(dir, 'workloads.yaml'),
      [
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: nginx, image: "nginx:1.16"}]',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: "ghcr.io/acme/api:3.1.0"}]',
      ].join('\n---\n'),
    );
    const result = await cli('evaluate', '--from-file', dir, '--cluster-name', 'shop', '--collected-at', '2026-11-01T00:00:00Z', '--format', 'json');
    expect(result.stderr).toBe('');
    const findings = (JSON.parse(result.stdout) as { findings: { check: string; resource: { name: string }; status: string; evidence: { path: string }[] }[] }).findings;
    const of = (check: string, name: string) => findings.find((finding) => finding.check === check && finding.resource.name === name);
    expect(of('vulnerabilities.fixable-past-grace', 'web')?.status).toBe('fail');
    expect(of('vulnerabilities.fixable-past-grace', 'web')?.evidence[0]?.path).toMatch(/report\.vulnerabilities\[0\]$/);
    expect(of('vulnerabilities.fixable-past-grace', 'api')?.status).toBe('unknown');
    expect(of('vulnerabilities.scan-coverage', 'api')?.status).toBe('fail');
    expect(of('vulnerabilities.exposed-secrets', 'web')?.status).toBe('fail');
    expect(result.stdout).not.toContain('AKIAKUBEVIDENCECANARY');
  });
});
