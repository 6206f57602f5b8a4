import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadSnapshotInput, writeSnapshotFile } from '../../src/collect/index.js';
import { COLLECTED_KIND_KEYS } from '../../src/collect/kinds.js';
import { describeRef, refOf } from '../../src/domain/snapshot.js';
import { EXIT_CODES, KvError } from '../../src/errors.js';
import { DEMO_MANIFESTS } from '../support/repo-fixtures.js';

const FIXTURE = 'test/fixtures/cluster/manifests';
const BOUTIQUE = `${FIXTURE}/boutique/kubernetes-manifests.yaml`;
const work = mkdtempSync(join(tmpdir(), 'kv-snapshot-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(work, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function failure(run: () => unknown): KvError {
  try {
    run();
  } catch (error) {
    if (error instanceof KvError) return error;
    throw error;
  }
  throw new Error('expected a KvError');
}

describe('loadSnapshotInput: manifests', () => {
  it('reads multi-document YAML as the complete inventory, identity from the file name', () => {
    const snapshot = loadSnapshotInput(BOUTIQUE);
    expect(snapshot.resources).toHaveLength(35);
    expect(snapshot.cluster).toEqual({ uid: null, name: 'kubernetes-manifests', server: null, version: null });
    expect(snapshot.collectedAt).toBeNull();
    expect(snapshot.collector).toEqual({ username: 'file', groups: [], source: 'file' });
    expect(snapshot.source).toEqual({ type: 'file', path: BOUTIQUE });
    expect(snapshot.collectedKinds).toEqual([...COLLECTED_KIND_KEYS].sort());
    expect(snapshot.gaps).toEqual([]);
  });

  it('takes cluster name and collection time from options', () => {
    const snapshot = loadSnapshotInput(BOUTIQUE, { clusterName: 'shop-prod', collectedAt: '2026-03-01T12:00:00+01:00' });
    expect(snapshot.cluster.name).toBe('shop-prod');
    expect(snapshot.collectedAt).toBe('2026-03-01T11:00:00.000Z');
  });

  it('rejects a collection time that is not ISO-8601 as a usage error', () => {
    const error = failure(() => loadSnapshotInput(BOUTIQUE, { collectedAt: 'yesterday' }));
    expect(error.exitCode).toBe(EXIT_CODES.usage);
  });

  it('reads a directory recursively, in sorted order, and redacts Secret data and ConfigMap values', () => {
    const snapshot = loadSnapshotInput(FIXTURE);
    expect(snapshot.cluster.name).toBe('manifests');
    const refs = snapshot.resources.map((object) => describeRef(refOf(object)));
    expect(refs).toContain('Secret/boutique/cartservice-redis');
    expect(refs).toContain('Pod/kube-system/kube-apiserver-cp-1');
    expect(refs).toContain('ClusterRole/cluster-admin');
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('a3YtZml4dHVyZS1yZWRpcy1wYXNzd29yZC03YzFl');
    expect(text).not.toContain('kv-fixture-redis-user-42');
    expect(text).not.toContain('kv-fixture-configmap-password');
    expect(text).not.toContain('last-applied-configuration');
  });

  it('flattens kubectl List output (JSON and YAML) and typed lists whose items omit kind', () => {
    const json = file('list.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a', namespace: 'x' } }] }));
    expect(loadSnapshotInput(json).resources.map((object) => describeRef(refOf(object)))).toEqual(['ServiceAccount/x/a']);
    const typed = file('podlist.yaml', stringify({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [{ metadata: { name: 'p', namespace: 'y' }, spec: { containers: [] } }] }));
    expect(loadSnapshotInput(typed).resources.map((object) => describeRef(refOf(object)))).toEqual(['Pod/y/p']);
  });

  it('puts namespaced objects without a namespace into default, as kubectl apply does', () => {
    const snapshot = loadSnapshotInput(DEMO_MANIFESTS);
    expect(new Set(snapshot.resources.map((object) => object.metadata.namespace))).toEqual(new Set(['default']));
  });

  it('counts kinds it does not know as collected too', () => {
    const path = file('crd-object.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    expect(loadSnapshotInput(path).collectedKinds).toContain('Widget.example.com');
  });
});

describe('loadSnapshotInput: snapshot files', () => {
  it('round-trips a snapshot written by writeSnapshotFile', () => {
    const original = loadSnapshotInput(FIXTURE, { clusterName: 'fixture', collectedAt: '2026-01-02T03:04:05Z' });
    const path = join(work, 'out', 'snapshot.json');
    mkdirSync(join(work, 'out'), { recursive: true });
    writeSnapshotFile(path, original);
    expect(loadSnapshotInput(path)).toEqual(original);
    expect(readdirSync(join(work, 'out'))).toEqual(['snapshot.json']);
  });

  it('renames the cluster of a snapshot file on request, but never changes when it was collected', () => {
    const path = join(work, 'named.json');
    writeSnapshotFile(path, loadSnapshotInput(BOUTIQUE));
    expect(loadSnapshotInput(path, { clusterName: 'renamed' }).cluster.name).toBe('renamed');
    expect(failure(() => loadSnapshotInput(path, { collectedAt: '2026-05-05' })).exitCode).toBe(EXIT_CODES.usage);
  });

  it('re-applies redaction to a snapshot file that somehow holds Secret data', () => {
    const original = loadSnapshotInput(BOUTIQUE);
    const tampered = { ...original, resources: [...original.resources, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'boutique' }, data: { k: 'c2VjcmV0' } }] };
    const path = file('tampered.json', JSON.stringify(tampered));
    expect(JSON.stringify(loadSnapshotInput(path))).not.toContain('c2VjcmV0');
  });

  it('names the field of an invalid snapshot file', () => {
    const original = loadSnapshotInput(BOUTIQUE);
    const path = file('broken.json', JSON.stringify({ ...original, gaps: [{ kind: 'Pod', reason: 'lost', detail: '' }] }));
    const error = failure(() => loadSnapshotInput(path));
    expect(error.exitCode).toBe(EXIT_CODES.badInput);
    expect(error.toLine()).toMatch(/broken\.json gaps\[0\]\.reason: invalid snapshot/);
  });

  it('refuses a snapshot of a newer schema version', () => {
    const path = file('future.json', JSON.stringify({ schemaVersion: 2, collectedKinds: [] }));
    expect(failure(() => loadSnapshotInput(path)).toLine()).toMatch(/unsupported snapshot schemaVersion 2/);
  });

  it('leaves no temporary file behind when the target cannot be written', () => {
    const error = failure(() => writeSnapshotFile(join(work, 'missing-dir', 'x.json'), loadSnapshotInput(BOUTIQUE)));
    expect(error.toLine()).toMatch(/cannot write snapshot \(ENOENT\)/);
  });
});

describe('loadSnapshotInput: bad input', () => {
  const cases: readonly { name: string; path: () => string; line: RegExp }[] = [
    { name: 'a missing file', path: () => join(work, 'nope.yaml'), line: /nope\.yaml: no such file or directory$/ },
    { name: 'an empty directory', path: () => (mkdirSync(join(work, 'empty'), { recursive: true }), join(work, 'empty')), line: /empty: directory holds no \.yaml, \.yml or \.json manifests$/ },
    { name: 'a file that is not YAML', path: () => file('notes.yaml', 'key: [unclosed\n  other: {\n'), line: /notes\.yaml:\d+: not Kubernetes JSON or YAML: document 1 does not parse: / },
    { name: 'YAML that is not Kubernetes', path: () => file('config.yaml', 'server:\n  port: 8080\n'), line: /config\.yaml:1: not Kubernetes JSON or YAML: document 1: missing 'apiVersion'$/ },
    { name: 'a JSON array', path: () => file('array.json', '[1, 2]'), line: /array\.json:1: not Kubernetes JSON or YAML: document 1: expected a Kubernetes object, found a list$/ },
    { name: 'invalid JSON', path: () => file('broken.json', '{"apiVersion": "v1",\n "kind": }\n'), line: /broken\.json:2: not Kubernetes JSON or YAML: document 1: missing 'kind'$/ },
    {
      name: 'one bad document among good ones',
      path: () => file('mixed.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n'),
      line: /mixed\.yaml:8: document 2: missing 'metadata\.name'$/,
    },
    {
      name: 'a List with one bad item',
      path: () => file('bad-list.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n- apiVersion: v1\n  metadata:\n    name: b\n'),
      line: /bad-list\.yaml:8: document 1 items\[1\]: missing 'kind'$/,
    },
    { name: 'a snapshot mixed into a directory', path: () => (file('mixdir/a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n'), file('mixdir/s.json', '{"schemaVersion":1,"collectedKinds":[]}'), join(work, 'mixdir')), line: /s\.json: a kubevidence snapshot must be given as a file of its own/ },
  ];
  for (const { name, path, line } of cases) {
    it(`rejects ${name} with a one-line input error`, () => {
      const error = failure(() => loadSnapshotInput(path()));
      expect(error.exitCode).toBe(EXIT_CODES.badInput);
      expect(error.toLine()).toMatch(line);
      expect(error.toLine()).not.toContain('\n');
    });
  }

  it('keeps the file intact when reading fails', () => {
    const path = file('keep.yaml', 'apiVersion: v1\nkind: Pod\n');
    failure(() => loadSnapshotInput(path));
    expect(readFileSync(path, 'utf8')).toBe('apiVersion: v1\nkind: Pod\n');
  });
});
