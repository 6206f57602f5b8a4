import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Says once when the peer-agreement suites are skipped (no peer data), or stops the run when they are required.
    globalSetup: ['test/support/peer-notice.ts'],
  },
});
