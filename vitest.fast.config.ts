import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:fast`: the inner loop. Unit-level files only; what starts processes (the CLI, the scheduler, store
 * locks across processes), drives the HTTPS test API server, renders in Chromium, checks PDFs with poppler/qpdf or
 * builds large packs runs in the full `npm test`, as do the peer-agreement suites.
 */
export const SLOW_TEST_FILES: readonly string[] = [
  'test/cli/build.test.ts',
  'test/cli/evaluate.test.ts',
  'test/cli/evaluate-command.test.ts',
  'test/cli/signed-pack.test.ts',
  'test/cli/store-commands.test.ts',
  'test/peer/**',
  'test/collect/collect-cli.test.ts',
  'test/collect/collect-cluster.test.ts',
  'test/collect/faults.test.ts',
  'test/collect/kube-api-server.test.ts',
  'test/collect/kube-client.test.ts',
  'test/report/cli-report.test.ts',
  'test/report/cross-format.test.ts',
  'test/report/html.test.ts',
  'test/report/large-pack.test.ts',
  'test/report/pdf.test.ts',
  'test/report/write-pack.test.ts',
  'test/schedule/daemon.test.ts',
  'test/sign/sign-pack.test.ts',
  'test/store/open-store.test.ts',
  'test/store/processes.test.ts',
  'test/release-memory.test.ts',
];

export default mergeConfig(base, defineConfig({ test: { exclude: ['**/node_modules/**', ...SLOW_TEST_FILES], globalSetup: [] } }));
