import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The compiled CLI as `npm install` leaves it: `node scripts/build.mjs` into dist/ of a scratch copy of the project
 * (bin/ copied; package.json, controls/, templates/, assets/, demo/ and node_modules/ linked), then `node bin/kubevidence.js`
 * without tsx. A module-resolution hook logs every package the process loads, to hold the start-up promise: a
 * command loads only what it runs.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = join(ROOT, 'test/fixtures/microservices-demo/kubernetes-manifests.yaml');
const HEAVY = ['@kubernetes/client-node', 'pdfkit', 'better-sqlite3', 'handlebars'];
let scratch = '';

function copyOfProject(folder: string): void {
  mkdirSync(join(folder, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin/kubevidence.js'), join(folder, 'bin/kubevidence.js'));
  for (const name of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'controls', 'templates', 'assets', 'demo', 'node_modules', 'src', 'scripts']) {
    symlinkSync(join(ROOT, name), join(folder, name));
  }
}

interface Started {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly packages: readonly string[];
}

function start(folder: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Started {
  const log = join(scratch, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', join(scratch, 'log-packages.mjs'), join(folder, 'bin/kubevidence.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBEVIDENCE_FROM_SOURCE: '', KUBEVIDENCE_PACKAGE_LOG: log, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const packages = [...new Set(readFileSync(log, 'utf8').split('\n').flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []))];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, packages };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kubevidence-build-'));
  writeFileSync(join(scratch, 'log-packages.mjs'), "import { register } from 'node:module';\nregister('./package-hooks.mjs', import.meta.url);\n");
  writeFileSync(
    join(scratch, 'package-hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  if (process.env.KUBEVIDENCE_PACKAGE_LOG) appendFileSync(process.env.KUBEVIDENCE_PACKAGE_LOG, `${result.url}\\n`);\n  return result;\n}\n",
  );
  copyOfProject(join(scratch, 'built'));
  execFileSync(process.execPath, [join(scratch, 'built/scripts/build.mjs'), join(scratch, 'built/dist')], { stdio: 'pipe' });
}, 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the compiled CLI (dist/)', () => {
  it('prints the version from package.json, loading no stage', () => {
    const run = start(join(scratch, 'built'), ['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    expect(run.packages.filter((name) => HEAVY.includes(name) || name === 'yaml' || name === 'zod' || name === 'tsx')).toEqual([]);
  });

  it('lists the frameworks from the build cache without yaml, zod or any stage, the same as the sources do', () => {
    const built = start(join(scratch, 'built'), ['frameworks', '--format', 'json']);
    const source = start(join(scratch, 'built'), ['frameworks', '--format', 'json'], { KUBEVIDENCE_FROM_SOURCE: '1' });
    expect(built.status).toBe(0);
    expect(built.packages.filter((name) => [...HEAVY, 'yaml', 'zod', 'tsx'].includes(name))).toEqual([]);
    expect(JSON.parse(built.stdout)).toEqual(JSON.parse(source.stdout));
    expect((JSON.parse(built.stdout) as unknown[]).length).toBeGreaterThan(0);
  });

  it('evaluates the demo manifests exactly as the sources do', () => {
    const built = start(join(scratch, 'built'), ['evaluate', '--from-file', DEMO, '--format', 'json']);
    const source = start(join(scratch, 'built'), ['evaluate', '--from-file', DEMO, '--format', 'json'], { KUBEVIDENCE_FROM_SOURCE: '1' });
    expect(built.stderr).toBe('');
    expect(built.packages).not.toContain('tsx');
    expect(built.stdout).toBe(source.stdout);
  });

  it('runs the demo from dist/: the SQL migrations (copied beside the compiled code), templates, fonts and catalogues resolve, and the pack verifies', () => {
    const out = join(scratch, 'demo');
    const demo = start(join(scratch, 'built'), ['demo', '--out', out]);
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    expect(demo.packages).not.toContain('tsx');
    const pack = /signed audit pack: (\S+)/.exec(demo.stdout)?.[1];
    expect(pack).toBeDefined();
    const verify = start(join(scratch, 'built'), ['verify', pack ?? '', '--db', join(out, 'kubevidence.db')]);
    expect({ status: verify.status, stderr: verify.stderr }).toEqual({ status: 0, stderr: '' });
  }, 120_000);

  it('says how to build when dist/ is missing, in one line, exit code 1', () => {
    const bare = join(scratch, 'bare');
    copyOfProject(bare);
    const run = start(bare, ['--version']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('kubevidence: the compiled CLI (dist/) is missing: run `npm run build` in the kubevidence folder (npm install runs it)\n');
  });
});
