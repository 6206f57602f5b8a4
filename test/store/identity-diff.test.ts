import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/domain/json.js';
import { flagMap, identityFieldChanges } from '../../src/store/identity-diff.js';
import { readManifests } from '../support/fixture-snapshot.js';

const fixture = (name: string): JsonValue => {
  const [pod] = readManifests(new URL(`../fixtures/diff/${name}`, import.meta.url).pathname);
  if (pod === undefined) throw new Error(`${name} holds no object`);
  return pod as unknown as JsonValue;
};

const CONTAINER = 'spec.containers[name=kube-apiserver]';

describe('identityFieldChanges on real kubeadm kube-apiserver static pods', () => {
  it('shows three added flags as three added flags, not every later position changed', () => {
    const changes = identityFieldChanges(fixture('kube-apiserver.kubeadm-default.yaml'), fixture('kube-apiserver.three-flags-added.yaml'));
    expect(changes).toEqual([
      { path: `${CONTAINER}.command[--audit-log-maxage]`, before: null, after: '30' },
      { path: `${CONTAINER}.command[--audit-log-path]`, before: null, after: '/var/log/kubernetes/audit/audit.log' },
      { path: `${CONTAINER}.command[--profiling]`, before: null, after: 'false' },
    ]);
  });

  it('names each flag of the CIS hardening by flag name, and a changed value as one change', () => {
    const changes = identityFieldChanges(fixture('kube-apiserver.kubeadm-default.yaml'), fixture('kube-apiserver.kubeadm-hardened.yaml'));
    const paths = changes.map((change) => change.path);
    expect(paths.every((path) => path.startsWith(`${CONTAINER}.command[--`))).toBe(true);
    expect(changes.find((change) => change.path === `${CONTAINER}.command[--enable-admission-plugins]`)).toEqual({
      path: `${CONTAINER}.command[--enable-admission-plugins]`,
      before: 'NodeRestriction',
      after: 'NodeRestriction,AlwaysPullImages,EventRateLimit,DenyServiceExternalIPs',
    });
    // 12 flags added, 1 changed: the hardened file's diff against the default (see the fixture header).
    expect(changes.filter((change) => change.before === null)).toHaveLength(12);
    expect(changes).toHaveLength(13);
  });

  it('finds nothing when only the order of flags changed', () => {
    const before = fixture('kube-apiserver.kubeadm-default.yaml') as { spec: { containers: { command: string[] }[] } };
    const shuffled = structuredClone(before);
    const command = shuffled.spec.containers[0]?.command ?? [];
    shuffled.spec.containers[0]!.command = [command[0]!, ...command.slice(1).reverse()];
    expect(identityFieldChanges(before as unknown as JsonValue, shuffled as unknown as JsonValue)).toEqual([]);
  });
});

describe('flagMap', () => {
  it('reads --flag=value and --flag value alike, keeps the binary positional, and lists a repeated flag', () => {
    expect(Object.fromEntries(flagMap(['kube-apiserver', '--a=1', '--b', '2', '--c', '--d=x', '--d=y', '-v', '3']))).toEqual({
      '#0': 'kube-apiserver',
      '--a': '1',
      '--b': '2',
      '--c': true,
      '--d': ['x', 'y'],
      '-v': '3',
    });
  });

  it('makes --flag value and --flag=value compare equal', () => {
    expect(identityFieldChanges({ args: ['--port', '8080'] }, { args: ['--port=8080'] })).toEqual([]);
    expect(identityFieldChanges({ args: ['--port', '8080'] }, { args: ['--port=9090'] })).toEqual([{ path: 'args[--port]', before: '8080', after: '9090' }]);
  });
});

describe('identityFieldChanges on lists', () => {
  it('compares containers, init containers, volumes and env by name', () => {
    const before = {
      initContainers: [{ name: 'migrate', image: 'm:1' }],
      containers: [
        { name: 'app', image: 'a:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
        { name: 'sidecar', image: 's:1' },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
    };
    const after = {
      initContainers: [{ name: 'migrate', image: 'm:1' }],
      containers: [
        { name: 'proxy', image: 'p:1' },
        { name: 'app', image: 'a:2', env: [{ name: 'B', value: '2' }, { name: 'C', value: '3' }] },
        { name: 'sidecar', image: 's:1' },
      ],
      volumes: [{ name: 'cache', emptyDir: {} }, { name: 'data', emptyDir: {} }],
    };
    expect(identityFieldChanges(before as unknown as JsonValue, after as unknown as JsonValue)).toEqual([
      { path: 'containers[name=app].env[name=A]', before: { name: 'A', value: '1' }, after: null },
      { path: 'containers[name=app].env[name=C]', before: null, after: { name: 'C', value: '3' } },
      { path: 'containers[name=app].image', before: 'a:1', after: 'a:2' },
      { path: 'containers[name=proxy]', before: null, after: { name: 'proxy', image: 'p:1' } },
      { path: 'volumes[name=cache]', before: null, after: { name: 'cache', emptyDir: {} } },
    ]);
  });

  it('compares ports by port and protocol, whatever their order or name', () => {
    const before: JsonValue = { ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }] };
    const after: JsonValue = { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'web', port: 80 }] };
    expect(identityFieldChanges(before, after)).toEqual([
      { path: 'ports[80/TCP].name', before: 'http', after: 'web' },
      { path: 'ports[80/TCP].protocol', before: 'TCP', after: null },
      { path: 'ports[53/TCP]', before: null, after: { name: 'dns-tcp', port: 53, protocol: 'TCP' } },
    ]);
  });

  it('compares RBAC rules and their verbs as sets, and ConfigMap data key by key', () => {
    const read = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };
    const secrets = { apiGroups: [''], resources: ['secrets'], verbs: ['get'] };
    expect(identityFieldChanges({ rules: [read, secrets] }, { rules: [{ ...secrets }, { ...read, verbs: ['list', 'get'] }] })).toEqual([]);
    const changes = identityFieldChanges({ rules: [read] }, { rules: [read, secrets] });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ before: null, after: secrets });
    expect(identityFieldChanges({ verbs: ['get', 'list'] }, { verbs: ['list', 'get', 'delete'] })).toEqual([{ path: 'verbs[delete]', before: null, after: 'delete' }]);
    expect(identityFieldChanges({ data: { a: '1', b: '2' } }, { data: { b: '2', a: '1', c: '3' } })).toEqual([{ path: 'data.c', before: null, after: '3' }]);
  });
});
