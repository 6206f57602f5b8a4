import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { peerFixturesRoot, peerRequired, peerSkipNotice, peerSuite } from '../support/peer-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourcesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.(ts|js|mjs)$/.test(path) && !path.includes('node_modules'))
    .map((path) => join(ROOT, folder, path));
}

describe('the repository stands alone', () => {
  it('reads nothing from ../shared except through the peer-fixtures helper', () => {
    const helper = join(ROOT, 'test/support/peer-fixtures.ts');
    const offenders = ['src', 'test', 'bench', 'bin']
      .flatMap(sourcesUnder)
      .filter((path) => path !== helper && path !== fileURLToPath(import.meta.url))
      .filter((path) => /shared\/(fixtures|schemas|catalogs|research)|['"`]\.\.\/shared\b|\/work\/shared/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(ROOT, path));
    expect(offenders).toEqual([]);
  });
});

describe('peer-agreement data location', () => {
  it('defaults to ../shared/fixtures/peer beside the clone', () => {
    expect(peerFixturesRoot({})).toBe(join(ROOT, '..', 'shared', 'fixtures', 'peer'));
  });

  it('follows KUBEVIDENCE_PEER_FIXTURES, resolved to an absolute path', () => {
    expect(peerFixturesRoot({ KUBEVIDENCE_PEER_FIXTURES: '/data/peer' })).toBe('/data/peer');
    expect(peerSuite('checkov', { KUBEVIDENCE_PEER_FIXTURES: '/data/peer' }).dir).toBe('/data/peer/checkov');
  });

  it('says in one line which suites are skipped and how to get them', () => {
    const notice = peerSkipNotice({ KUBEVIDENCE_PEER_FIXTURES: '/nonexistent/peer' });
    expect(notice).toBeDefined();
    expect(notice?.split('\n')).toHaveLength(1);
    expect(notice).toContain('skipped (polaris, kyverno-policies, checkov)');
    expect(notice).toContain('KUBEVIDENCE_PEER_FIXTURES=<dir>');
  });

  it('says they fail, not that they are skipped, when KUBEVIDENCE_REQUIRE_PEER=1', () => {
    const env = { KUBEVIDENCE_PEER_FIXTURES: '/nonexistent/peer', KUBEVIDENCE_REQUIRE_PEER: '1' };
    expect(peerRequired(env)).toBe(true);
    expect(peerSkipNotice(env)).toContain('required by KUBEVIDENCE_REQUIRE_PEER=1, so they fail');
  });

  it('.ci/run requires the peer suites', () => {
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^export KUBEVIDENCE_REQUIRE_PEER=1$/m);
  });
});
