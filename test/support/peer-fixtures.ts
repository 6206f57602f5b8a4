import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/**
 * The peer-agreement suites (test/peer/*) run other tools' own test data (Polaris, Kyverno, Checkov) against our
 * checks. That data is not part of the repository: it is read from KUBEVIDENCE_PEER_FIXTURES, by default
 * ../shared/fixtures/peer beside the clone. Without it the suites are skipped (test/support/peer-notice.ts prints
 * one line saying so), unless KUBEVIDENCE_REQUIRE_PEER=1 (set by .ci/run), where a missing suite fails.
 */
const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

export const PEER_FIXTURES_VARIABLE = 'KUBEVIDENCE_PEER_FIXTURES';
export const REQUIRE_PEER_VARIABLE = 'KUBEVIDENCE_REQUIRE_PEER';

export type PeerSuite = 'polaris' | 'kyverno-policies' | 'checkov';
export const PEER_SUITES: readonly PeerSuite[] = ['polaris', 'kyverno-policies', 'checkov'];

/** The folder holding one folder per peer suite. */
export function peerFixturesRoot(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[PEER_FIXTURES_VARIABLE];
  return configured !== undefined && configured !== '' ? resolve(configured) : join(REPOSITORY, '..', 'shared', 'fixtures', 'peer');
}

export function peerRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[REQUIRE_PEER_VARIABLE] === '1';
}

/** Path of a peer suite's folder, and whether it is there. */
export function peerSuite(name: PeerSuite, env: NodeJS.ProcessEnv = process.env): { readonly dir: string; readonly present: boolean } {
  const dir = join(peerFixturesRoot(env), name);
  return { dir, present: existsSync(dir) };
}

export function missingPeerSuites(env: NodeJS.ProcessEnv = process.env): PeerSuite[] {
  return PEER_SUITES.filter((name) => !peerSuite(name, env).present);
}

/** The one line `npm test` prints when peer data is absent (undefined when every suite is there). */
export function peerSkipNotice(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const missing = missingPeerSuites(env);
  if (missing.length === 0) return undefined;
  const outcome = peerRequired(env) ? `missing and required by ${REQUIRE_PEER_VARIABLE}=1, so they fail` : 'skipped';
  return `Peer-agreement suites ${outcome} (${missing.join(', ')}): no data under ${peerFixturesRoot(env)}; set ${PEER_FIXTURES_VARIABLE}=<dir> to run them (see docs/testing.md#peer-agreement-suites).`;
}

/**
 * `describe(title, body)` when the suite's data is present. When it is absent: one skipped test (the run stays green
 * and says so), or, when KUBEVIDENCE_REQUIRE_PEER=1, one failing test naming the missing folder.
 */
export function describePeer(name: PeerSuite, title: string, body: (dir: string) => void): void {
  const suite = peerSuite(name);
  if (suite.present) {
    describe(title, () => body(suite.dir));
    return;
  }
  if (peerRequired()) {
    describe(title, () => {
      it(`finds the ${name} peer data`, () => {
        throw new Error(`${REQUIRE_PEER_VARIABLE}=1 but ${suite.dir} does not exist; set ${PEER_FIXTURES_VARIABLE} to the folder holding ${PEER_SUITES.join(', ')}.`);
      });
    });
    return;
  }
  describe(title, () => {
    it.skip(`needs the ${name} peer data at ${suite.dir}`, () => undefined);
  });
}
