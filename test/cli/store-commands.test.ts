import { openSync, closeSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../support/cli.js';
import { EXIT_CODES } from '../../src/errors.js';
import { openStore } from '../../src/store/index.js';
import { demoRun, day, privileged, result, tempDir } from '../support/store-runs.js';
import { sqlite } from '../support/sqlite-cli.js';

let dir: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  dir = tempDir();
  db = dir.file('kv.db');
  const store = openStore(db);
  store.insertRun(demoRun(day(0), { results: [result('pci-dss-4.0', '1.1', 'pass'), result('pci-dss-4.0', '2.2', 'fail')] }));
  store.insertRun(demoRun(day(1), { results: [result('pci-dss-4.0', '1.1', 'pass'), result('pci-dss-4.0', '2.2', 'fail')] }));
  store.insertRun(demoRun(day(3), { edit: privileged('frontend'), results: [result('pci-dss-4.0', '1.1', 'fail'), result('pci-dss-4.0', '2.2', 'pass')] }));
  store.close();
});
afterEach(() => dir.remove());

describe('store commands', () => {
  it('every command has --help', async () => {
    for (const command of [['runs'], ['history'], ['diff'], ['attest'], ['attestations'], ['prune'], ['verify'], ['db', 'check']]) {
      const { code, stdout } = await cli(...command, '--help');
      expect(code).toBe(EXIT_CODES.ok);
      expect(stdout).toContain(`Usage: kubevidence ${command.join(' ')}`);
    }
  });

  it('runs: lists runs with scores, as a table or JSON, filtered by cluster and date', async () => {
    const table = await cli('runs', '--db', db);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^RUN\s+COLLECTED \(UTC\)\s+CLUSTER\s+TOOL\s+SCORES$/);
    // Headline first, then the score with its numerator and denominator.
    expect(table.stdout).toMatch(/pci-dss-4\.0 fully evidenced \d+ of 2, 50\.0 % \(1 of 2 pass\)/);
    const json = JSON.parse((await cli('runs', '--db', db, '--format', 'json', '--cluster', 'test', '--since', day(1).slice(0, 10))).stdout) as { id: number }[];
    expect(json.map((run) => run.id)).toEqual([2, 3]);
    const bad = await cli('runs', '--db', db, '--format', 'xml');
    expect(bad).toMatchObject({ code: EXIT_CODES.usage, stderr: "kubevidence: --format must be one of table, json (got 'xml')\n" });
    expect((await cli('runs', '--db', db, '--cluster', 'nope')).code).toBe(EXIT_CODES.usage);
  });

  it('KUBEVIDENCE_DB names the database when --db is absent', async () => {
    vi.stubEnv('KUBEVIDENCE_DB', db);
    try {
      expect((await cli('runs')).stdout).toContain('test');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('history: trend and "passed N of M runs" per requirement', async () => {
    const { code, stdout } = await cli('history', '--db', db, '--framework', 'pci-dss-4.0');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1\.1\s+passed 2 of 3 runs\s+1\s+0\s+-$/m);
    expect(stdout).toMatch(/^2\.2\s+passed 1 of 3 runs\s+2\s+0\s+72 h$/m);
    const json = JSON.parse((await cli('history', '--db', db, '--framework', 'pci-dss-4.0', '--since', day(1).slice(0, 10), '--format', 'json')).stdout) as { trend: unknown[] };
    expect(json.trend).toHaveLength(2);
    const unknown = await cli('history', '--db', db, '--framework', 'sox');
    expect(unknown.code).toBe(EXIT_CODES.usage);
    expect(unknown.stderr).toContain("no results for framework 'sox' in this period (frameworks in the latest run: pci-dss-4.0)");
  });

  it('diff: previous vs latest by default; run ids or dates otherwise', async () => {
    const latest = await cli('diff', '--db', db);
    expect(latest.code).toBe(0);
    expect(latest.stdout).toContain('run 2 (2026-01-02T00:00:00.000Z) -> run 3 (2026-01-04T00:00:00.000Z)');
    expect(latest.stdout).toMatch(/^pci-dss-4\.0\s+1\.1\s+pass\s+fail\s+newly failing$/m);
    expect(latest.stdout).toContain('spec.template.spec.containers[name=server].securityContext.privileged: false -> true');
    const byIds = JSON.parse((await cli('diff', '1', '2', '--db', db, '--format', 'json')).stdout) as { from: { id: number }; resources: { changed: unknown[] } };
    expect(byIds.from.id).toBe(1);
    expect(byIds.resources.changed).toEqual([]);
    const byDates = JSON.parse((await cli('diff', '--db', db, '--from', day(0).slice(0, 10), '--to', day(2).slice(0, 10), '--format', 'json')).stdout) as { from: { id: number }; to: { id: number } };
    expect([byDates.from.id, byDates.to.id]).toEqual([1, 2]);
    const toLatest = JSON.parse((await cli('diff', '1', '--db', db, '--format', 'json')).stdout) as { from: { id: number }; to: { id: number } };
    expect([toLatest.from.id, toLatest.to.id]).toEqual([1, 3]);
    expect(await cli('diff', '9', '--db', db)).toMatchObject({ code: EXIT_CODES.usage, stderr: 'kubevidence: there is no run 9 in this database\n' });
    expect((await cli('diff', '1', '--from', '2026-01-01', '--db', db)).code).toBe(EXIT_CODES.usage);
  });

  it('attest and attestations: stored with files, listed with expiry status', async () => {
    const file = dir.file('policy.md');
    writeFileSync(file, '# Access control policy\n');
    const attest = await cli('attest', '--db', db, '--framework', 'pci-dss-4.0', '--requirement', '12.5.1', '--by', 'Ada Lovelace <ada@example.com>', '--note', 'Inventory approved', '--file', file, '--expires', '2099-12-31');
    expect(attest.code).toBe(0);
    expect(attest.stdout).toMatch(/^attestation att-[0-9a-f]{16} stored: pci-dss-4\.0\.1 12\.5\.1 by Ada Lovelace <ada@example\.com>, 1 file, expires 2099-12-31\n$/);
    await cli('attest', '--db', db, '--framework', 'pci-dss-4.0', '--requirement', '8.3.2', '--by', 'Ada Lovelace <ada@example.com>', '--note', 'MFA review', '--expires', '2020-01-31');
    const listed = await cli('attestations', '--db', db);
    expect(listed.stdout).toMatch(/12\.5\.1 .* 2099-12-31\s+valid\s+policy\.md/);
    expect(listed.stdout).toMatch(/8\.3\.2 .* 2020-01-31\s+expired/);
    const json = JSON.parse((await cli('attestations', '--db', db, '--format', 'json', '--framework', 'hipaa')).stdout) as unknown[];
    expect(json).toEqual([]);
  });

  it('attest: rejects a malformed --by or --expires, and a missing file with exit code 3', async () => {
    const base = ['attest', '--db', db, '--framework', 'pci-dss-4.0', '--requirement', '12.5.1', '--note', 'n'];
    expect((await cli(...base, '--by', 'just a name')).stderr).toBe(`kubevidence: --by must read "Name <mail>" (got 'just a name')\n`);
    expect((await cli(...base, '--by', 'A <a@b.c>', '--expires', '2027-02-30')).code).toBe(EXIT_CODES.usage);
    const missing = await cli(...base, '--by', 'A <a@b.c>', '--file', dir.file('nope.pdf'));
    expect(missing.code).toBe(EXIT_CODES.badInput);
    expect(missing.stderr).toBe(`kubevidence: ${dir.file('nope.pdf')}: ${dir.file('nope.pdf')}: no such file\n`);
  });

  it('attest: refuses a framework or requirement no loaded catalogue has, and stores nothing', async () => {
    const before = (await cli('attestations', '--db', db, '--format', 'json')).stdout;
    const base = ['attest', '--db', db, '--by', 'A <a@b.c>', '--note', 'n'];
    const framework = await cli(...base, '--framework', 'pci-dss-3.2', '--requirement', '12.1.1');
    expect(framework.code).toBe(EXIT_CODES.usage);
    expect(framework.stderr.split('\n')[0]).toBe("kubevidence: unknown framework 'pci-dss-3.2'");
    const requirement = await cli(...base, '--framework', 'pci-dss-4.0', '--requirement', '12.99.1');
    expect(requirement.code).toBe(EXIT_CODES.usage);
    expect(requirement.stderr.split('\n')[0]).toBe("kubevidence: framework 'pci-dss-4.0' has no requirement '12.99.1'");
    expect((await cli('attestations', '--db', db, '--format', 'json')).stdout).toBe(before);
    // The catalogue's own spelling is stored, whatever the case typed.
    const typed = await cli(...base, '--framework', 'nist-800-53-r5', '--requirement', 'ac-6(9)');
    expect(typed.code).toBe(0);
    expect(typed.stdout).toContain('nist-800-53-r5 AC-6(9) by A <a@b.c>');
  });

  it('verify: passes an intact chain, and names the tampered run with exit code 6', async () => {
    const intact = await cli('verify', '--db', db);
    expect(intact.code).toBe(0);
    expect(intact.stdout.endsWith(`${db}: run chain verified (3 runs)\n`)).toBe(true);
    sqlite(db, "UPDATE run_frameworks SET statuses = X'0101' WHERE run_id = 2");
    const broken = await cli('verify', '--db', db);
    expect(broken.code).toBe(EXIT_CODES.verification);
    expect(broken.stderr).toBe('kubevidence: run 2 fails verification: its stored content no longer matches its hash (a row it rests on was changed)\n');
    const pack = await cli('verify', 'reports/no-such-pack', '--db', db);
    expect(pack.code).toBe(EXIT_CODES.badInput);
    expect(pack.stderr).toBe('kubevidence: reports/no-such-pack: no such pack folder or archive\n');
  });

  it('prune: removes old runs and verification still holds', async () => {
    const { code, stdout } = await cli('prune', '--db', db, '--keep', '1d');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^removed 2 runs, \d+ evidence objects and \d+ findings no remaining run uses; chain anchored at run 3 \(test-cluster-uid\)\n$/);
    expect((await cli('verify', '--db', db)).code).toBe(0);
    expect((await cli('prune', '--db', db, '--keep', '400')).code).toBe(EXIT_CODES.usage);
  });

  it('db check: ok on a sound file; reports damage and exits 5 on a corrupt page', async () => {
    expect(await cli('db', 'check', '--db', db)).toMatchObject({ code: 0, stdout: `${db}: ok (integrity_check and foreign_key_check found no problem)\n` });
    // Overwrite the middle of the file (past the schema on page 1) with garbage.
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const damaged = await cli('db', 'check', '--db', db);
    expect(damaged.code).toBe(EXIT_CODES.store);
    expect(damaged.stdout.length).toBeGreaterThan(0);
    expect(damaged.stderr).toMatch(/^kubevidence: .* is damaged: \d+ problem\(s\) listed above; restore it from a backup\n$/);
  });

  it('reading commands name a missing database instead of creating one', async () => {
    const missing = await cli('runs', '--db', dir.file('absent.db'));
    expect(missing.code).toBe(EXIT_CODES.store);
    expect(missing.stderr).toBe(`kubevidence: ${dir.file('absent.db')}: no kubevidence database here (store a run first, or pass --db)\n`);
  });
});
