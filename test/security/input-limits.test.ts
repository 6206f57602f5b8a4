import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

/** An alias bomb: each level lists the previous one nine times (9^9 leaves). */
const ALIAS_BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: n\nspec:\n  containers:\n  - name: c\n    image: nginx:1\n';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'kv-limits-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

function expectOneLineInputError(result: { code: number; stderr: string }, file: string, pattern: RegExp): void {
  expect(result.code).toBe(3);
  const lines = result.stderr.trim().split('\n');
  expect(lines[0]).toContain(file);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/internal error|Maximum call stack|at .*\.ts:\d+/);
}

describe('bounded inputs', () => {
  it('refuses a YAML alias bomb in manifests with exit 3, the file and the line', async () => {
    const file = write('bomb.yaml', `${POD}---\n${ALIAS_BOMB}\n`);
    const result = await cli('evaluate', '--from-file', file);
    expectOneLineInputError(result, `${file}:`, /alias/);
  });

  it('refuses a YAML alias bomb in a waivers file and in a config file', async () => {
    const manifests = write('pod.yaml', POD);
    const waivers = write('waivers.yaml', `${ALIAS_BOMB}\n`);
    expectOneLineInputError(await cli('evaluate', '--from-file', manifests, '--waivers', waivers), waivers, /alias/);
    const config = write('kubevidence.yaml', `${ALIAS_BOMB}\n`);
    expectOneLineInputError(await cli('schedule', '--check', '--config', config), config, /alias/);
  });

  it('refuses a YAML alias bomb in custom checks', async () => {
    const manifests = write('pod.yaml', POD);
    const checks = write('checks.yaml', `${ALIAS_BOMB}\n`);
    expectOneLineInputError(await cli('evaluate', '--from-file', manifests, '--checks', checks), checks, /alias/);
  });

  it('refuses JSON nested deeper than the limit before anything walks it', async () => {
    const deep = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":${'['.repeat(100000)}${']'.repeat(100000)}}`;
    const file = write('deep.json', deep);
    expectOneLineInputError(await cli('evaluate', '--from-file', file), `${file}:1`, /nesting deeper than 256/);
  });

  it('refuses YAML nested deeper than the limit', async () => {
    const file = write('deep.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nlabels: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expectOneLineInputError(await cli('evaluate', '--from-file', file), `${file}:`, /nesting deeper than 256/);
  });

  it('rejects duplicate keys in JSON as YAML does, naming the line', async () => {
    const file = write('dup.json', '{\n "apiVersion": "v1",\n "kind": "Pod",\n "metadata": {"name": "a", "name": "b"},\n "spec": {}\n}\n');
    expectOneLineInputError(await cli('evaluate', '--from-file', file), `${file}:4`, /duplicate key 'name'/);
  });

  it('refuses an oversized waivers file by its size, before reading it', async () => {
    const manifests = write('pod.yaml', POD);
    const waivers = join(work, 'waivers.yaml');
    execFileSync('truncate', ['-s', String(64 * 1024 * 1024), waivers]);
    expectOneLineInputError(await cli('evaluate', '--from-file', manifests, '--waivers', waivers), waivers, /over the limit/);
  });

  it('refuses a FIFO given as input without blocking', async () => {
    const fifo = join(work, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const manifests = write('pod.yaml', POD);
    expectOneLineInputError(await cli('evaluate', '--from-file', manifests, '--waivers', fifo), fifo, /not a regular file/);
    mkdirSync(join(work, 'dir'));
    expect(readdirSync(work).sort()).toEqual(['dir', 'pipe.yaml', 'pod.yaml']);
  });
});
