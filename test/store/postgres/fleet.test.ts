/** `kubevidence fleet` over SQLite and PostgreSQL stores, and the signed fleet pack. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { cli } from '../../support/cli.js';
import { postgresAvailable, startPostgres, TEST_PASSWORD, type PostgresServer } from '../../support/postgres.js';
import { demoRun, result, tempDir, type TempDir } from '../../support/store-runs.js';

const HOUR = 3_600_000;

/** Three clusters: prod improving, staging failing R1 and R2, old-lab with no run for five days. */
function fillFleet(target: string, now: number): void {
  const store = openStore(target);
  const at = (hoursAgo: number): string => new Date(now - hoursAgo * HOUR).toISOString();
  const cluster = (name: string) => ({ uid: `uid-${name}`, name, server: null, version: null });
  try {
    store.insertRun(demoRun(at(48), { cluster: cluster('prod'), results: [result('pci', 'R1', 'fail'), result('pci', 'R2', 'pass')] }));
    store.insertRun(demoRun(at(2), { cluster: cluster('prod'), results: [result('pci', 'R1', 'pass'), result('pci', 'R2', 'pass')] }));
    store.insertRun(demoRun(at(3), { cluster: cluster('staging'), results: [result('pci', 'R1', 'fail'), result('pci', 'R2', 'fail')] }));
    store.insertRun(demoRun(at(120), { cluster: cluster('old-lab'), results: [result('pci', 'R1', 'fail'), result('pci', 'R2', 'unknown')] }));
  } finally {
    store.close();
  }
}

interface FleetJson {
  clusters: { name: string; stale: boolean; frameworks: { framework: string; score: number | null; passing: number; requirements: number; trend: number | null }[] }[];
  staleClusters: string[];
  worstRequirements: { requirement: string; failing: number; unknown: number; clusters: number; failingClusters: string[] }[];
  pack?: { dir: string; signed: boolean };
}

async function expectFleetOf(target: string): Promise<FleetJson> {
  const shown = await cli('fleet', '--db', target, '--stale-after', '2d', '--format', 'json');
  expect(shown.code, shown.stderr).toBe(0);
  const view = JSON.parse(shown.stdout) as FleetJson;
  expect(view.clusters.map((cluster) => [cluster.name, cluster.stale])).toEqual([
    ['old-lab', true],
    ['prod', false],
    ['staging', false],
  ]);
  expect(view.staleClusters).toEqual(['old-lab']);
  const prod = view.clusters.find((cluster) => cluster.name === 'prod')?.frameworks[0];
  expect(prod).toMatchObject({ framework: 'pci', score: 100, passing: 2, requirements: 2, trend: 50 });
  expect(view.clusters.find((cluster) => cluster.name === 'staging')?.frameworks[0]).toMatchObject({ score: 0, passing: 0, trend: null });
  expect(view.worstRequirements.map((entry) => [entry.requirement, entry.failing, entry.unknown, entry.clusters])).toEqual([
    ['R1', 2, 0, 3],
    ['R2', 1, 1, 3],
  ]);
  expect(view.worstRequirements[0]?.failingClusters.sort()).toEqual(['old-lab', 'staging']);
  return view;
}

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('fleet on SQLite', () => {
  it('shows latest score, trend, stale clusters and the worst requirements', async () => {
    fillFleet(dir.file('kv.db'), Date.now());
    await expectFleetOf(dir.file('kv.db'));
    const table = await cli('fleet', '--db', dir.file('kv.db'));
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/old-lab .* STALE/);
    expect(table.stdout).toMatch(/stale \(no run within 48 h\): old-lab/);
  });

  it('writes a signed fleet pack whose manifest signature openssl verifies', async () => {
    fillFleet(dir.file('kv.db'), Date.now());
    process.env['KUBEVIDENCE_KEY_PASSWORD'] = 'fleet-key-pw';
    try {
      const key = dir.file('signer.p12');
      expect((await cli('keygen', '--out', key, '--subject', 'CN=Fleet, O=Example')).code).toBe(0);
      const made = await cli('fleet', '--db', dir.file('kv.db'), '--out', dir.file('packs'), '--sign-key', key, '--format', 'json');
      expect(made.code, made.stderr).toBe(0);
      const pack = (JSON.parse(made.stdout) as FleetJson).pack;
      expect(pack?.signed).toBe(true);
      const packDir = pack?.dir ?? '';
      const html = readFileSync(join(packDir, 'fleet.html'), 'utf8');
      expect(html).toContain('Worst requirements across the fleet');
      expect(html).toMatch(/<li class="stale">old-lab<\/li>/);
      const pubkey = execFileSync('openssl', ['x509', '-in', join(packDir, 'signer.pem'), '-pubkey', '-noout'], { encoding: 'utf8' });
      const pub = dir.file('pub.pem');
      execFileSync('sh', ['-c', `cat > ${pub}`], { input: pubkey });
      const verified = execFileSync('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', join(packDir, 'manifest.sig'), join(packDir, 'manifest.json')], { encoding: 'utf8' });
      expect(verified).toMatch(/Verified OK/);
      const manifest = JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8')) as { clusterUid: string; files: { path: string }[] };
      expect(manifest.clusterUid).toBe('fleet');
      expect(manifest.files.map((file) => file.path)).toEqual(expect.arrayContaining(['fleet.html', 'fleet.json']));
    } finally {
      delete process.env['KUBEVIDENCE_KEY_PASSWORD'];
    }
  });

  it('rejects a malformed --stale-after with a usage error', async () => {
    fillFleet(dir.file('kv.db'), Date.now());
    const bad = await cli('fleet', '--db', dir.file('kv.db'), '--stale-after', 'two days');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--stale-after two days: expected a number with d, h or m/);
  });
});

describe.runIf(postgresAvailable('test/store/postgres/fleet.test.ts'))('fleet on PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    process.env['PGPASSWORD'] = TEST_PASSWORD;
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('shows the same fleet from a central PostgreSQL store', async () => {
    const url = await server.createDatabase();
    fillFleet(url, Date.now());
    await expectFleetOf(url);
  });
});
