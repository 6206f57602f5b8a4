import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot, type CollectOptions } from '../../src/collect/index.js';
import { EXIT_CODES, KvError } from '../../src/errors.js';
import { clusterFixtureNodeConfigs, clusterFixtureObjects } from '../support/cluster-fixture.js';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api-server.js';
import { writeKubeconfig, type KubeconfigUser } from '../support/kubeconfig.js';

const FAST_RETRY = { baseDelayMs: 1, maxAttempts: 3, maxDelayMs: 20 } as const;
/** No KUBECONFIG, an empty HOME, not in a pod: only what a test passes counts. */
const work = mkdtempSync(join(tmpdir(), 'kv-kube-client-'));
const EMPTY_ENV = { HOME: join(work, 'home') };

let server: KubeApiServer;
beforeAll(async () => {
  mkdirSync(EMPTY_ENV.HOME, { recursive: true });
  server = await startKubeApiServer({ objects: clusterFixtureObjects(), nodeConfigs: clusterFixtureNodeConfigs() });
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

function collect(options: CollectOptions): ReturnType<typeof collectSnapshot> {
  return collectSnapshot({ env: EMPTY_ENV, retry: FAST_RETRY, ...options });
}

async function failure(run: Promise<unknown>): Promise<KvError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof KvError) return error;
    throw error;
  }
  throw new Error('expected a KvError');
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

function kubeconfigWith(name: string, user: KubeconfigUser, server_ = server.url): string {
  return writeKubeconfig(join(work, name), {
    clusters: [{ name: 'c', server: server_, caPem: server.caPem }],
    users: [user],
    contexts: [{ name: 'ctx', cluster: 'c', user: user.name }],
    currentContext: 'ctx',
  });
}

describe('kubeconfig problems are input errors (exit 3), one line, before anything is sent', () => {
  const cases: readonly { name: string; options: () => CollectOptions; line: RegExp }[] = [
    { name: 'a --kubeconfig that does not exist', options: () => ({ kubeconfig: join(work, 'missing.yaml') }), line: /missing\.yaml: kubeconfig not found$/ },
    { name: 'a kubeconfig that is not YAML', options: () => ({ kubeconfig: file('garbage.yaml', 'clusters: [\n  - {name: a\n') }), line: /garbage\.yaml: invalid kubeconfig: / },
    { name: 'an empty kubeconfig', options: () => ({ kubeconfig: file('empty.yaml', '\n') }), line: /empty\.yaml: invalid kubeconfig: the file is empty$/ },
    { name: 'YAML that is not a kubeconfig', options: () => ({ kubeconfig: file('other.yaml', 'server:\n  port: 8080\n') }), line: /other\.yaml: invalid kubeconfig: it defines no clusters and no contexts$/ },
    { name: 'a cluster without a server', options: () => ({ kubeconfig: file('noserver.yaml', 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {}\ncontexts: []\nusers: []\n') }), line: /noserver\.yaml: invalid kubeconfig: clusters\[0\]\.cluster\.server is missing$/ },
    { name: 'an unknown --context', options: () => ({ kubeconfig: server.kubeconfigPath(), context: 'prod' }), line: /context "prod" not found in kubeconfig \(contexts: kv-test, kv-test-cert, kv-test-bad-token, kv-test-wrong-ca\)$/ },
    { name: 'no current-context and no --context', options: () => ({ kubeconfig: file('nocurrent.yaml', `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "${server.url}"}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {token: t}\n`) }), line: /nocurrent\.yaml: kubeconfig has no current-context; pass the context option$/ },
    { name: 'a context naming a missing user', options: () => ({ kubeconfig: file('nouser.yaml', `apiVersion: v1\nkind: Config\ncurrent-context: x\nclusters:\n- name: c\n  cluster: {server: "${server.url}"}\ncontexts:\n- name: x\n  context: {cluster: c, user: ghost}\nusers: []\n`) }), line: /nouser\.yaml: context "x" names a user that is not in the kubeconfig$/ },
    { name: 'a plain-HTTP server', options: () => ({ kubeconfig: kubeconfigWith('http.yaml', { name: 'u', token: server.token }, 'http://127.0.0.1:8080') }), line: /cluster server "http:\/\/127\.0\.0\.1:8080" must use https$/ },
    { name: 'no kubeconfig anywhere', options: () => ({}), line: /^no kubeconfig found: pass the kubeconfig option, set KUBECONFIG, or create ~\/\.kube\/config$/ },
    { name: 'KUBECONFIG naming only missing files', options: () => ({ env: { ...EMPTY_ENV, KUBECONFIG: join(work, 'a.yaml') } }), line: /^no kubeconfig found: none of the KUBECONFIG files exist/ },
    { name: 'a pod without a service account token', options: () => ({ env: { ...EMPTY_ENV, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' } }), line: /^KUBERNETES_SERVICE_HOST is set but there is no service account token/ },
  ];
  for (const { name, options, line } of cases) {
    it(`rejects ${name}`, async () => {
      const mark = server.requests.length;
      const error = await failure(collect(options()));
      expect(error.exitCode).toBe(EXIT_CODES.badInput);
      expect(error.toLine()).toMatch(line);
      expect(error.toLine()).not.toContain('\n');
      expect(server.requests.length).toBe(mark);
    });
  }
});

describe('cluster problems are cluster errors (exit 4), one line', () => {
  it('an unreachable server', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const error = await failure(collect({ kubeconfig: kubeconfigWith('closed.yaml', { name: 'u', token: 't' }, `https://127.0.0.1:${closed}`) }));
    expect(error.exitCode).toBe(EXIT_CODES.cluster);
    expect(error.toLine()).toMatch(new RegExp(`^cannot reach https://127\\.0\\.0\\.1:${closed}: ECONNREFUSED`));
  });

  it('a server whose certificate does not verify against the kubeconfig CA', async () => {
    const error = await failure(collect({ kubeconfig: server.kubeconfigPath('kv-test-wrong-ca') }));
    expect(error.exitCode).toBe(EXIT_CODES.cluster);
    expect(error.code).toBe('cluster.tls');
    expect(error.toLine()).toMatch(/^cannot verify the TLS certificate of https:\/\/127\.0\.0\.1:\d+: TLS verification failed \(/);
  });

  it('credentials the server rejects (401)', async () => {
    const error = await failure(collect({ kubeconfig: server.kubeconfigPath('kv-test-bad-token') }));
    expect(error.exitCode).toBe(EXIT_CODES.cluster);
    expect(error.toLine()).toMatch(/rejected the credentials of kubeconfig user "kv-bad-token" \(401 Unauthorized\)$/);
  });

  it('a credential plugin that fails', async () => {
    const error = await failure(collect({ kubeconfig: kubeconfigWith('exec-fail.yaml', { name: 'u', exec: { command: 'false' } }) }));
    expect(error.exitCode).toBe(EXIT_CODES.cluster);
    expect(error.code).toBe('cluster.credentials');
    expect(error.toLine()).toBe('could not obtain credentials for the cluster: the credential plugin failed and printed nothing');
  });

  it('a credential plugin that does not exist', async () => {
    const error = await failure(collect({ kubeconfig: kubeconfigWith('exec-missing.yaml', { name: 'u', exec: { command: join(work, 'no-such-plugin') } }) }));
    expect(error.toLine()).toMatch(/^cannot run the kubeconfig's credential plugin: /);
  });
});

describe('kubeconfig resolution like kubectl', () => {
  it('runs an exec credential plugin and uses the token it prints', async () => {
    const plugin = file('plugin.sh', `#!/bin/sh\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$1"\n`);
    chmodSync(plugin, 0o755);
    const snapshot = await collect({ kubeconfig: kubeconfigWith('exec.yaml', { name: 'exec-user', exec: { command: plugin, args: [server.token] } }) });
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.collector.username).toBe('kubernetes-admin');
  });

  it('reads KUBECONFIG, merging several files (the first to name an entry wins)', async () => {
    const base = server.kubeconfigPath('kv-test');
    const extra = writeKubeconfig(join(work, 'extra.yaml'), {
      clusters: [{ name: 'kv-test', server: 'https://wrong.invalid', caPem: server.caPem }],
      users: [{ name: 'other', token: server.token }],
      contexts: [{ name: 'other', cluster: 'kv-test', user: 'other' }],
      currentContext: 'other',
    });
    const snapshot = await collect({ env: { ...EMPTY_ENV, KUBECONFIG: [join(work, 'absent.yaml'), base, extra].join(':') }, context: 'other' });
    expect(snapshot.source).toEqual({ type: 'cluster', context: 'other' });
    expect(snapshot.cluster.server).toBe(server.url);
  });

  it('falls back to ~/.kube/config', async () => {
    const home = join(work, 'home-with-config');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeKubeconfig(join(home, '.kube', 'config'), {
      clusters: [{ name: 'home', server: server.url, caPem: server.caPem }],
      users: [{ name: 'u', token: server.token }],
      contexts: [{ name: 'home', cluster: 'home', user: 'u' }],
      currentContext: 'home',
    });
    const snapshot = await collect({ env: { HOME: home } });
    expect(snapshot.cluster.name).toBe('home');
  });

  it('prefers --kubeconfig over KUBECONFIG', async () => {
    const snapshot = await collect({ kubeconfig: server.kubeconfigPath(), env: { ...EMPTY_ENV, KUBECONFIG: join(work, 'garbage.yaml') } });
    expect(snapshot.source).toEqual({ type: 'cluster', context: 'kv-test' });
  });
});
