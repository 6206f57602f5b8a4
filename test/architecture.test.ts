import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type IForbiddenRuleType } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: IForbiddenRuleType[]; options: ICruiseOptions };

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/** The rule violations of the files under `baseDir`/src, as `rule: from -> to`. */
async function violationsUnder(baseDir: string, withTsConfig: boolean): Promise<Violation[]> {
  const { tsConfig, ...options } = config.options;
  const result = await cruise(
    ['src'],
    { ...options, ...(withTsConfig && tsConfig !== undefined ? { tsConfig: { fileName: join(baseDir, 'tsconfig.json') } } : {}), baseDir, validate: true, ruleSet: { forbidden: config.forbidden } },
  );
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned text, expected its JSON result');
  return result.output.summary.violations.map((violation) => ({ rule: violation.rule.name, from: violation.from, to: violation.to }));
}

const fakeRepo = mkdtempSync(join(tmpdir(), 'kv-architecture-'));
afterAll(() => rmSync(fakeRepo, { recursive: true, force: true }));

function writeSource(path: string, text: string): void {
  mkdirSync(dirname(join(fakeRepo, path)), { recursive: true });
  writeFileSync(join(fakeRepo, path), text);
}

describe('architecture: the dependency rules of .dependency-cruiser.cjs', () => {
  it('hold for src/', async () => {
    const violations = await violationsUnder(ROOT, true);
    expect(violations.map((violation) => `${violation.rule}: ${violation.from} -> ${violation.to}`)).toEqual([]);
  }, 120_000);

  it('fail on a stage importing a later stage, a command importing a command, an import of cli/ and a library outside its folder', async () => {
    symlinkSync(join(ROOT, 'node_modules'), join(fakeRepo, 'node_modules'), 'dir');
    writeSource('src/report/model.ts', 'export const model = 1;\n');
    writeSource('src/store/index.ts', 'export const store = 1;\n');
    writeSource('src/checks/engine.ts', "import { model } from '../report/model.js';\nexport const engine = model;\n");
    writeSource('src/cli/commands/run.ts', 'export const run = 1;\n');
    writeSource('src/cli/commands/report.ts', "import { run } from './run.js';\nexport const report = run;\n");
    writeSource('src/cli/commands/index.ts', "import { run } from './run.js';\nimport { report } from './report.js';\nexport const all = [run, report];\n");
    writeSource('src/collect/uses-cli.ts', "import { run } from '../cli/commands/run.js';\nexport const x = run;\n");
    writeSource('src/store/draws.ts', "import PDFDocument from 'pdfkit';\nimport { store } from './index.js';\nexport const y = [PDFDocument, store];\n");
    writeSource('src/domain/reaches-up.ts', "import { store } from '../store/index.js';\nexport const z = store;\n");
    const violations = await violationsUnder(fakeRepo, false);
    const seen = violations.map((violation) => `${violation.rule}: ${violation.from} -> ${violation.to}`);
    expect(seen).toContain('stage-order-checks: src/checks/engine.ts -> src/report/model.ts');
    expect(seen).toContain('command-imports-no-command: src/cli/commands/report.ts -> src/cli/commands/run.ts');
    expect(seen).toContain('nothing-imports-cli: src/collect/uses-cli.ts -> src/cli/commands/run.ts');
    expect(seen).toContain('shared-imports-nothing-above: src/domain/reaches-up.ts -> src/store/index.ts');
    expect(seen.some((line) => /^library-home-pdfkit: src\/store\/draws\.ts -> .*node_modules\/pdfkit\//.test(line))).toBe(true);
    // The commands' index registers every command: allowed.
    expect(seen.filter((line) => line.includes('src/cli/commands/index.ts ->'))).toEqual([]);
  }, 120_000);
});
