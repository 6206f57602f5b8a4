import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { kubeObjectsIn, manifestFilesUnder, readManifestFile } from '../../src/collect/read-manifests.js';
import type { JsonObject } from '../../src/domain/json.js';
import type { KubeObject } from '../../src/domain/snapshot.js';

/** The realistic cluster of test/fixtures/cluster (see its README). */
export const CLUSTER_MANIFESTS = 'test/fixtures/cluster/manifests';
export const CLUSTER_CONFIGZ = 'test/fixtures/cluster/configz';

/** The fixture's objects exactly as written, Secret data included: what a test API server should hold. */
export function clusterFixtureObjects(): KubeObject[] {
  return manifestFilesUnder(CLUSTER_MANIFESTS).flatMap((file) => kubeObjectsIn(readManifestFile(file)));
}

/** configz responses by node name. */
export function clusterFixtureNodeConfigs(): Record<string, JsonObject> {
  return Object.fromEntries(
    readdirSync(CLUSTER_CONFIGZ)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [basename(file, '.json'), JSON.parse(readFileSync(join(CLUSTER_CONFIGZ, file), 'utf8')) as JsonObject]),
  );
}

/** The Secret values in the fixture, as the API server stores them (base64) and as written (plain). */
export const FIXTURE_SECRET_VALUES = [
  'a3YtZml4dHVyZS1yZWRpcy1wYXNzd29yZC03YzFl',
  'kv-fixture-redis-password-7c1e',
  'kv-fixture-redis-user-42',
  Buffer.from('kv-fixture-redis-user-42').toString('base64'),
] as const;
