import { peerSkipNotice } from './peer-fixtures.js';

/**
 * vitest globalSetup: says once, before the run, that the peer-agreement suites will be skipped and how to get them.
 * Where they are required (CI), the same line says so, and each suite's stand-in test fails (test/support/peer-fixtures.ts).
 */
export default function announcePeerSuites(): void {
  const notice = peerSkipNotice();
  if (notice === undefined) return;
  process.stdout.write(`${notice}\n`);
}
