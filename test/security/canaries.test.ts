import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/domain/snapshot.js';
import { clusterFixtureNodeConfigs, clusterFixtureObjects } from '../support/cluster-fixture.js';
import { cli, type CliResult } from '../support/cli.js';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api-server.js';

/**
 * Plants a distinct canary in every channel a credential can arrive by, runs every command that writes, and
 * searches every byte written (files, decompressed archives and store blobs, PDF text and uncompressed PDF
 * streams, the SQLite file with its freed pages and WAL, stdout and stderr) for each canary.
 */
const CANARIES: string[] = [];
const canary = (channel: string): string => {
  const value = `kvcanary${CANARIES.length}${channel.replace(/[^a-z]/gi, '')}zq`;
  CANARIES.push(value);
  return value;
};

const ENV_NAMES = ['DB_PASSWORD', 'PGPASSWORD', 'MYSQL_PWD', 'REDIS_AUTH', 'API_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'CLIENT_SECRET', 'SMTP_PASS', 'JWT_SECRET', 'SESSION_COOKIE', 'LDAP_BIND_PASSWORD'];

function container(tag: string): Record<string, unknown> {
  return {
    name: `app-${tag}`,
    image: 'registry.example/app:1.0',
    command: ['/bin/app', `--password=${canary(`${tag}flag`)}`, '--oidc-client-secret', canary(`${tag}twoargs`)],
    args: [`postgres://app:${canary(`${tag}url`)}@db:5432/app`, 'sh', '-c', `mysql -u root -p${canary(`${tag}mysql`)} && curl -H "Authorization: Bearer ${canary(`${tag}bearer`)}" https://x`],
    env: [...ENV_NAMES.map((name) => ({ name, value: canary(`${tag}${name}`) })), { name: 'UPSTREAM', value: `https://u:${canary(`${tag}envurl`)}@api.example.com` }],
  };
}

function plantedObjects(): KubeObject[] {
  const podSpec = () => ({ initContainers: [container('init')], containers: [container('main')] });
  const annotations = () => ({ 'example.com/api-token': canary('annotoken'), note: `mirror https://svc:${canary('annourl')}@mirror.example`, 'kubectl.kubernetes.io/last-applied-configuration': `{"x":"${canary('lastapplied')}"}` });
  return [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'canary-pod', namespace: 'default', annotations: annotations() }, spec: podSpec() },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'canary-deploy', namespace: 'default', annotations: annotations() }, spec: { selector: { matchLabels: { app: 'c' } }, template: { metadata: { labels: { app: 'c' }, annotations: annotations() }, spec: podSpec() } } },
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'canary-cron', namespace: 'default' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: 'Never' } } } } } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'canary-secret', namespace: 'default', annotations: { 'openshift.io/token-secret.value': canary('openshift'), 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"p":"${canary('secretlast')}"}}`, 'example.com/anything': canary('secretanno') } },
      data: { password: Buffer.from(canary('secretdata')).toString('base64') },
      stringData: { token: canary('stringdata') },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'canary-config', namespace: 'default' }, data: { DB_HOST: 'db', note: canary('configmapnote'), DB_PASSWORD: canary('configmappw') } },
  ] as unknown as KubeObject[];
}

let work: string;
let server: KubeApiServer;
const outputs: CliResult[] = [];
const PASSWORD = 'canary-test-key-password';

async function run(...args: string[]): Promise<CliResult> {
  const result = await cli(...args);
  outputs.push(result);
  return result;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kv-canary-'));
  const planted = plantedObjects();
  const objects = [...clusterFixtureObjects(), ...planted];
  writeFileSync(join(work, 'planted.yaml'), planted.map((object) => stringify(object)).join('---\n'));
  server = await startKubeApiServer({ objects, nodeConfigs: clusterFixtureNodeConfigs() });
  process.env['KUBEVIDENCE_KEY_PASSWORD'] = PASSWORD;
  expect((await run('keygen', '--out', join(work, 'signer.p12'), '--subject', 'CN=Canary')).code).toBe(0);
  expect((await run('collect', '--kubeconfig', server.kubeconfigPath(), '--out', join(work, 'live.snapshot.json'))).code).toBe(0);
  expect((await run('collect', '--from-file', join(work, 'planted.yaml'), '--out', join(work, 'offline.snapshot.json'))).code).toBe(0);
  const db = join(work, 'kv.db');
  expect((await run('run', '--kubeconfig', server.kubeconfigPath(), '--db', db)).code).toBe(0);
  expect((await run('run', '--from-file', join(work, 'planted.yaml'), '--db', db, '--cluster-name', 'offline', '--collected-at', '2026-06-30T00:00:00Z')).code).toBe(0);
  expect((await run('run', '--from-file', join(work, 'live.snapshot.json'), '--db', db, '--backfill')).code).toBe(0);
  expect((await run('evaluate', '--from-file', join(work, 'planted.yaml'), '--format', 'json')).code).toBe(0);
  expect((await run('evaluate', '--from-file', join(work, 'planted.yaml'))).code).not.toBe(1);
  for (const cluster of ['kv-test', 'offline']) {
    const report = await run('report', '--latest', '--db', db, '--cluster', cluster, '--sign-key', join(work, 'signer.p12'), '--out', join(work, 'reports'), '--archive');
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
  }
}, 600_000);

afterAll(async () => {
  delete process.env['KUBEVIDENCE_KEY_PASSWORD'];
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every readable form of a file: raw bytes, and decompressed, PDF-text and uncompressed-PDF forms where they apply. */
function formsOf(path: string): Array<{ where: string; text: string }> {
  const bytes = readFileSync(path);
  const forms = [{ where: path, text: bytes.toString('latin1') }];
  if (path.endsWith('.gz')) forms.push({ where: `${path} (gunzip)`, text: gunzipSync(bytes).toString('latin1') });
  if (path.endsWith('.pdf')) {
    forms.push({ where: `${path} (pdftotext)`, text: spawnSync('pdftotext', [path, '-'], { encoding: 'utf8' }).stdout });
    const qdf = join(work, 'qdf.pdf');
    spawnSync('qpdf', ['--qdf', '--object-streams=disable', path, qdf]);
    if (existsSync(qdf)) forms.push({ where: `${path} (qpdf --qdf)`, text: readFileSync(qdf).toString('latin1') });
  }
  if (path.endsWith('.db')) forms.push(...storeBlobs(path));
  return forms;
}

/** Every value of every table of the store, with compressed blobs inflated. */
function storeBlobs(path: string): Array<{ where: string; text: string }> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((row) => row.name);
    return tables.flatMap((table) =>
      (db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).flatMap((row) =>
        row.flatMap((value) => {
          if (!Buffer.isBuffer(value)) return [{ where: `${path} ${table}`, text: String(value) }];
          const forms = [{ where: `${path} ${table}`, text: value.toString('latin1') }];
          for (const inflate of [inflateSync, inflateRawSync, gunzipSync]) {
            try {
              forms.push({ where: `${path} ${table} (inflated)`, text: inflate(value).toString('latin1') });
            } catch {
              // not this compression
            }
          }
          return forms;
        }),
      ),
    );
  } finally {
    db.close();
  }
}

describe('planted credentials', () => {
  it('are planted in every channel (the test server and the input file hold them)', () => {
    expect(CANARIES.length).toBeGreaterThan(60);
    const planted = JSON.stringify(parseAllDocuments(readFileSync(join(work, 'planted.yaml'), 'utf8')).map((document) => document.toJS()));
    // Secret `data` is base64 in the input: its canary is planted encoded.
    const decoded = [...planted.matchAll(/"password":"([A-Za-z0-9+/=]+)"/g)].map((match) => Buffer.from(match[1] ?? '', 'base64').toString('utf8')).join(' ');
    for (const value of CANARIES) expect(`${planted} ${decoded}`).toContain(value);
  });

  it('appear in no byte written: snapshots, store (pages, WAL, inflated blobs), pack files, archives, PDF text and streams, output', () => {
    const files = filesUnder(work).filter((path) => !path.endsWith('planted.yaml') && !path.endsWith('qdf.pdf'));
    expect(files.some((path) => path.endsWith('report.pdf'))).toBe(true);
    expect(files.some((path) => path.endsWith('.tar.gz'))).toBe(true);
    const forms = [...files.flatMap(formsOf), ...outputs.map((output, index) => ({ where: `command ${index} output`, text: output.stdout + output.stderr }))];
    const leaks = forms.flatMap(({ where, text }) => CANARIES.filter((value) => text.includes(value)).map((value) => `${value} in ${where}`));
    expect(leaks).toEqual([]);
  });

  it('still make the secrets checks fail by name', () => {
    const evaluation = JSON.parse(outputs.find((output) => output.stdout.trimStart().startsWith('{'))?.stdout ?? '{}') as { findings?: Array<{ check: string; status: string }> };
    const statuses = (evaluation.findings ?? []).filter((finding) => finding.check === 'secrets.literal-env-values' || finding.check === 'secrets.configmap-secret-keys').map((finding) => finding.status);
    expect(statuses).toContain('fail');
  });
});
