import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests that start `node bin/kubevidence.js` test the sources (through tsx), not a possibly stale dist/;
    // test/cli/build.test.ts tests the build itself.
    env: { KUBEVIDENCE_FROM_SOURCE: '1' },
    // Says once when the peer-agreement suites are skipped (no peer data), or stops the run when they are required.
    globalSetup: ['test/support/peer-notice.ts'],
  },
});
