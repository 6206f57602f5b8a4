import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

const FIXTURES = new URL('./images.registry-allow-list/', import.meta.url).pathname;

interface FindingJson {
  readonly check: string;
  readonly status: string;
}

async function statusesOf(...args: string[]): Promise<string[]> {
  const result = await cli('evaluate', '--from-file', `${FIXTURES}fail.kyverno-docker-hub.yaml`, '--format', 'json', '--complete-inventory', ...args);
  expect(result.stderr).toBe('');
  const findings = (JSON.parse(result.stdout) as { findings: FindingJson[] }).findings;
  return findings.filter((finding) => finding.check === 'images.registry-allow-list').map((finding) => finding.status);
}

describe('evaluate --allowed-registries', () => {
  it('is not applicable without the flag: no allow-list is configured', async () => {
    expect(await statusesOf()).toEqual(['not-applicable']);
  });

  it('judges images against the list given on the command line (comma-separated or repeated)', async () => {
    expect(await statusesOf('--allowed-registries', 'ghcr.io/acme,registry.example.com')).toEqual(['fail']);
    expect(await statusesOf('--allowed-registries', 'ghcr.io/acme', '--allowed-registries', 'docker.io')).toEqual(['pass']);
  });
});
