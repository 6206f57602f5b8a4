/** `kubevidence db copy --from FILE --to postgres://…`, and the store commands on the copy. */
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { cli } from '../../support/cli.js';
import { postgresAvailable, startPostgres, TEST_PASSWORD, type PostgresServer } from '../../support/postgres.js';
import { day, demoRun, privileged, retagged, tempDir, type TempDir } from '../../support/store-runs.js';

const available = postgresAvailable('test/store/postgres/db-copy.test.ts');
describe.runIf(available)('db copy', () => {
  let server: PostgresServer;
  let url: string;
  let dir: TempDir;
  beforeAll(async () => {
    process.env['PGPASSWORD'] = TEST_PASSWORD;
    server = await startPostgres();
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    url = await server.createDatabase();
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  /** Two clusters, one of them pruned (its chain starts at an anchor), and an attestation with a file. */
  function sourceStore(): { path: string; hashes: string[]; attestation: string } {
    const path = dir.file('kv.db');
    const store = openStore(path);
    try {
      const other = { uid: 'uid-other', name: 'other', server: null, version: null };
      for (let n = 0; n < 4; n += 1) store.insertRun(demoRun(day(n), { edit: n % 2 === 0 ? privileged('frontend') : retagged('cartservice', `v${n}`) }));
      store.insertRun(demoRun(day(1), { cluster: other }));
      store.insertRun(demoRun(day(3), { cluster: other, edit: privileged('adservice') }));
      expect(store.prune(10, new Date(Date.parse(day(12)))).runsRemoved).toBe(3);
      const file = dir.file('policy.txt');
      writeFileSync(file, 'access review signed off\n');
      const attestation = store.addAttestation({ framework: 'pci', requirement: '7.2.1', by: 'A <a@example.com>', note: 'reviewed', expiresAt: null, files: [file], createdAt: day(2) });
      return { path, hashes: store.listRuns().map((run) => run.hash), attestation: attestation.id };
    } finally {
      store.close();
    }
  }

  it('copies every run with its hash, the prune anchor and attestations, and the chain verifies there', async () => {
    const source = sourceStore();
    const copied = await cli('db', 'copy', '--from', source.path, '--to', url, '--format', 'json');
    expect(copied.code, copied.stderr).toBe(0);
    expect(JSON.parse(copied.stdout)).toMatchObject({ clusters: 2, runsCopied: 3, runsPresent: 0, attestationsCopied: 1, verification: { ok: true, runsChecked: 3 } });

    const target = openStore(url, { readonly: true });
    try {
      expect(target.listRuns().map((run) => run.hash)).toEqual(source.hashes);
      expect(target.listAttestations().map((attestation) => attestation.id)).toEqual([source.attestation]);
      const [file] = target.listAttestations()[0]?.files ?? [];
      expect(target.readAttachment(file?.sha256 ?? '').toString()).toBe('access review signed off\n');
    } finally {
      target.close();
    }
    const verified = await cli('verify', '--db', url);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const runs = await cli('runs', '--db', url, '--cluster', 'other', '--format', 'json');
    expect(runs.code, runs.stderr).toBe(0);

    // Again: nothing new, nothing doubled.
    const again = await cli('db', 'copy', '--from', source.path, '--to', url);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/copied 0 run\(s\) of 2 cluster\(s\) \(3 already there\)/);
  });

  it('refuses a target that is not a postgres:// URL, or a URL with a password, with a usage error', async () => {
    const source = sourceStore();
    const toFile = await cli('db', 'copy', '--from', source.path, '--to', dir.file('other.db'));
    expect(toFile.code).toBe(2);
    expect(toFile.stderr).toMatch(/--to must be a postgres:\/\/ URL/);
    const withPassword = await cli('db', 'copy', '--from', source.path, '--to', url.replace('postgres@', 'postgres:s3cret-pw@'));
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).not.toContain('s3cret-pw');
  });

  it('fails with the store exit code when the source is missing, and writes nothing', async () => {
    const missing = await cli('db', 'copy', '--from', dir.file('none.db'), '--to', url);
    expect(missing.code).toBe(5);
    const { rows } = await server.sql(url, "SELECT to_regclass('runs') IS NULL AS empty");
    expect(rows[0]).toEqual({ empty: true });
  });
});
