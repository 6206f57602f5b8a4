import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssessmentInputs, runPipeline, writeReport } from '../../../src/pipeline.js';
import { openStore } from '../../../src/store/index.js';
import { clusterFixtureNodeConfigs, clusterFixtureObjects } from '../../support/cluster-fixture.js';
import { startKubeApiServer, type KubeApiServer } from '../../support/kube-api-server.js';
import { tempDir } from '../../support/store-runs.js';

let server: KubeApiServer;
const dir = tempDir();
beforeAll(async () => {
  server = await startKubeApiServer({ objects: clusterFixtureObjects(), nodeConfigs: clusterFixtureNodeConfigs() });
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

describe('provenance of a live collection (real client-node against the HTTPS test API server)', () => {
  it('records server, version, identity, kinds and the read-only requests made, and the pack states them', async () => {
    const inputs = loadAssessmentInputs({ frameworks: ['pci-dss-4.0'] });
    const store = openStore(dir.file('kv.db'));
    try {
      const { summary, assessment } = await runPipeline({ source: { type: 'cluster', kubeconfig: server.kubeconfigPath(), clusterName: 'ci' }, inputs, store });
      const provenance = assessment.provenance;
      if (provenance?.type !== 'live') throw new Error(`expected live provenance, got ${JSON.stringify(provenance)}`);
      expect(provenance.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(provenance.serverVersion).toMatch(/^v1\.\d+/);
      expect(provenance.identity.source).toBe('SelfSubjectReview');
      expect(provenance.collectedAtSource).toBe('observed');
      expect(provenance.kindsMissing).toEqual([]);
      expect(provenance.permissionsUsed).toContainEqual({ verb: 'list', resource: 'pods' });
      expect(provenance.permissionsUsed).toContainEqual({ verb: 'list', resource: 'networkpolicies.networking.k8s.io' });
      expect(provenance.permissionsUsed).toContainEqual({ verb: 'get', resource: 'nodes/proxy (configz)' });
      expect(provenance.permissionsUsed.every((permission) => ['get', 'list', 'create'].includes(permission.verb))).toBe(true);
      // The only create is the SelfSubjectReview, which writes nothing.
      expect(provenance.permissionsUsed.filter((permission) => permission.verb === 'create')).toEqual([{ verb: 'create', resource: 'selfsubjectreviews.authentication.k8s.io' }]);
      expect(store.getRun(summary.id).provenance).toEqual(provenance);
      const pack = await writeReport({ store, runId: summary.id, outDir: dir.file('reports'), catalogues: inputs.catalogues, generatedAt: new Date('2026-10-01T00:00:00Z') });
      const html = readFileSync(join(pack.dir, 'report.html'), 'utf8');
      expect(html).toContain('Read-only: get, list and watch.');
      expect(html).toContain(`Live Kubernetes API ${provenance.server} (${provenance.serverVersion}), read as ${provenance.identity.username} (SelfSubjectReview)`);
      const json = JSON.parse(readFileSync(join(pack.dir, 'findings.json'), 'utf8')) as { auditor: { liveCollection: boolean; collectedAtSource: string } };
      expect(json.auditor).toMatchObject({ liveCollection: true, collectedAtSource: 'observed' });
      expect(readdirSync(pack.dir)).toContain('findings.json');
    } finally {
      store.close();
    }
  });
});
