#!/usr/bin/env node
// Runs the compiled JavaScript in dist/, built by `npm run build` (which `npm install` and `npm ci` run through the
// `prepare` script). KUBEVIDENCE_FROM_SOURCE=1 runs the TypeScript sources through tsx instead: a development mode
// (tsx is a dev dependency), used by the tests that start the CLI as a process so that they test the sources.
import { existsSync } from 'node:fs';

const fromSource = process.env.KUBEVIDENCE_FROM_SOURCE === '1';
const entry = new URL(fromSource ? '../src/cli/main.ts' : '../dist/cli/main.js', import.meta.url);
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
} else if (!existsSync(entry)) {
  process.stderr.write('kubevidence: the compiled CLI (dist/) is missing: run `npm run build` in the kubevidence folder (npm install runs it)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
