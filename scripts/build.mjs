#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install`/`npm ci` in a clone builds too): compiles src/ into dist/ with tsc,
// then copies the non-TypeScript files that live beside the sources (the store's SQL migrations) so that dist/
// mirrors src/ file for file, and writes the validated built-in catalogues as JSON (src/catalog/built-in-cache.ts) so
// that listing them does not parse YAML. dist/ is emptied first, so a file moved or deleted in src/ cannot linger.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = process.argv[2] ?? join(root, 'dist');
const tsc = typescriptCompiler();

/** typescript is a dev dependency: an install without dev dependencies keeps an existing build, or says what to do. */
function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    if (existsSync(join(outDir, 'cli', 'main.js'))) {
      console.error(`kubevidence build: typescript is not installed (dev dependencies omitted); keeping the existing ${outDir}`);
      process.exit(0);
    }
    console.error('kubevidence build: typescript is not installed, so dist/ cannot be built: install with dev dependencies (npm ci), then npm prune --omit=dev');
    process.exit(1);
  }
}

rmSync(outDir, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const source = join(root, 'src');
for (const path of readdirSync(source, { recursive: true, withFileTypes: true })) {
  if (!path.isFile() || path.name.endsWith('.ts')) continue;
  const from = join(path.parentPath, path.name);
  cpSync(from, join(outDir, from.slice(source.length + 1)));
}

const { loadCatalogues } = await import(pathToFileURL(join(outDir, 'catalog', 'load-catalogues.js')).href);
const { builtInCacheOf, BUILT_IN_CACHE_NAME } = await import(pathToFileURL(join(outDir, 'catalog', 'built-in-cache.js')).href);
writeFileSync(join(outDir, 'catalog', BUILT_IN_CACHE_NAME), JSON.stringify(builtInCacheOf(loadCatalogues({}))));
