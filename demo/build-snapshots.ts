/**
 * Builds the demo's three dated snapshots (demo/snapshots/<date>.snapshot.json) from the manifests in
 * demo/manifests and the kubelet configurations in demo/kubelet: each period is `common/` with the overlay
 * folders of every period up to it laid on top (a file of the same name replaces the earlier one).
 * Run: node --import tsx demo/build-snapshots.ts   (a test checks the committed files are up to date)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { assembleSnapshot } from '../src/collect/assemble-snapshot.js';
import { COLLECTED_KIND_KEYS } from '../src/collect/kinds.js';
import type { JsonObject } from '../src/domain/json.js';
import type { KubeObject, NodeConfig, Snapshot } from '../src/domain/snapshot.js';

const DEMO = new URL('.', import.meta.url).pathname;
export const DEMO_PERIODS = ['2026-03-31', '2026-06-30', '2026-09-30'] as const;
/** The demo cluster is upgraded during the year: end-of-life 1.31 in Q1, 1.34 in Q2, 1.35 in Q3. */
const CLUSTER_VERSION: Readonly<Record<(typeof DEMO_PERIODS)[number], string>> = { '2026-03-31': 'v1.31.4', '2026-06-30': 'v1.34.1', '2026-09-30': 'v1.35.1' };
/** The microservices-demo manifests carry no namespace; in the demo cluster they live here. */
const DEFAULT_NAMESPACE_BY_FILE: Readonly<Record<string, string>> = { '10-boutique.yaml': 'boutique' };

export function buildDemoSnapshot(period: (typeof DEMO_PERIODS)[number]): Snapshot {
  const layers = ['common', ...DEMO_PERIODS.slice(0, DEMO_PERIODS.indexOf(period) + 1)];
  const manifests = overlay(layers.map((layer) => join(DEMO, 'manifests', layer)));
  const kubelet = overlay(layers.map((layer) => join(DEMO, 'kubelet', layer)));
  const resources = [...manifests.entries()].flatMap(([name, path]) => readObjects(path, DEFAULT_NAMESPACE_BY_FILE[name]));
  const nodeConfigs: NodeConfig[] = [...kubelet.entries()].map(([name, path]) => ({ node: basename(name, '.json'), kubeletConfig: JSON.parse(readFileSync(path, 'utf8')) as JsonObject }));
  return assembleSnapshot({
    cluster: { uid: '7c0a2d3e-5b1f-4e7a-9c44-1f2e3d4c5b6a', name: 'acme-prod', server: 'https://10.0.0.10:6443', version: CLUSTER_VERSION[period] },
    collectedAt: `${period}T02:00:00.000Z`,
    collector: { username: 'system:serviceaccount:kubevidence:kubevidence', groups: ['system:serviceaccounts', 'system:serviceaccounts:kubevidence', 'system:authenticated'], source: 'SelfSubjectReview' },
    source: { type: 'cluster', context: 'acme-prod' },
    collectedKinds: COLLECTED_KIND_KEYS,
    resources,
    nodeConfigs,
    gaps: [],
  });
}

/** File name → path of its latest version across the layers. */
function overlay(dirs: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) files.set(name, join(dir, name));
  }
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function readObjects(path: string, defaultNamespace: string | undefined): KubeObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null)
    .map((object) =>
      defaultNamespace === undefined || object.metadata.namespace !== undefined ? object : { ...object, metadata: { ...object.metadata, namespace: defaultNamespace } },
    );
}

export function demoSnapshotPath(period: string): string {
  return join(DEMO, 'snapshots', `${period}.snapshot.json`);
}

export function serialiseSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 1)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(basename(process.argv[1]))) {
  for (const period of DEMO_PERIODS) {
    writeFileSync(demoSnapshotPath(period), serialiseSnapshot(buildDemoSnapshot(period)));
    process.stdout.write(`wrote ${demoSnapshotPath(period)}\n`);
  }
}
