import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkMetadataSchema } from '../../src/checks/check-metadata-schema.js';
import type { CheckDefinition } from '../../src/checks/define-check.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';

/**
 * The registry's invariants: metadata valid against the one metadata schema, ids unique, id ↔ file path
 * (`workload.privileged-container` lives in src/checks/workload/privileged-container.ts as its default export),
 * a fixture folder per check, and no check file left out of the registry.
 */
const CHECKS_SOURCE = fileURLToPath(new URL('../../src/checks/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./', import.meta.url));
/** Folders under src/checks that hold engine code, not checks. */
const NOT_THEMES: ReadonlySet<string> = new Set(['cel']);

function sourcePathOf(id: string): string {
  return `${id.replaceAll('.', '/')}.ts`;
}

/** Check files in theme folders; `_`-prefixed files and folders are shared helpers (as Polaris skips `_` folders). */
function checkFiles(): string[] {
  return readdirSync(CHECKS_SOURCE, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && path.includes('/'))
    .filter((path) => !NOT_THEMES.has(path.split('/')[0] ?? '') && !path.split('/').some((part) => part.startsWith('_')))
    .sort();
}

describe('built-in check registry', () => {
  it('holds checks', () => {
    expect(BUILT_IN_CHECKS.length).toBeGreaterThan(0);
  });

  it('has unique ids', () => {
    const seen = new Set<string>();
    const duplicates = BUILT_IN_CHECKS.map((check) => check.id).filter((id) => seen.has(id) || !seen.add(id));
    expect(duplicates).toEqual([]);
  });

  it('registers every check file under src/checks/<theme>/', () => {
    const registered = new Set(BUILT_IN_CHECKS.map((check) => sourcePathOf(check.id)));
    expect(checkFiles().filter((path) => !registered.has(path))).toEqual([]);
  });

  describe.each(BUILT_IN_CHECKS.map((check) => [check.id, check] as const))('%s', (id, check: CheckDefinition) => {
    it('has metadata valid against the check metadata schema', () => {
      const result = checkMetadataSchema.safeParse(check);
      const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      expect(problems).toEqual([]);
      expect(check.origin).toBe('built-in');
    });

    it(`is the default export of src/checks/${sourcePathOf(id)}`, async () => {
      expect(existsSync(`${CHECKS_SOURCE}${sourcePathOf(id)}`)).toBe(true);
      const module = (await import(`../../src/checks/${sourcePathOf(id).replace(/\.ts$/, '.js')}`)) as { default?: unknown };
      expect(module.default).toBe(check);
    });

    it(`has a fixture folder test/checks/${id}/`, () => {
      expect(existsSync(`${FIXTURES}${id}`)).toBe(true);
    });
  });
});
