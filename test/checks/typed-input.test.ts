import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { DEFAULT_INPUTS, type CheckInputs } from '../../src/checks/inputs.js';
import { shapeProblemsOf } from '../../src/checks/input-shapes.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { templatePathOf } from '../../src/checks/workload-subjects.js';
import type { Finding } from '../../src/domain/finding.js';
import type { JsonValue } from '../../src/domain/json.js';
import { describeRef, kindKeyOf, refOf, type KubeObject } from '../../src/domain/snapshot.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';

/**
 * The typed-input rule over every built-in check, on wrong-typed variants of real fixtures generated automatically:
 * every passing fixture of test/checks and every demo manifest file. Each list becomes a string, each boolean the
 * string "true"/"false", each integer a string, each object a number — at every path present in every object.
 *
 * For each variant:
 * - no finding about the mutated object (subject or related) is a `pass` the unmutated input did not also give;
 * - when the mutated path is one the checks rely on (the variant is malformed by the shapes), no finding about the
 *   object is `pass` or `not-applicable` at all;
 * - when the variant is still well-typed (the path is one no shape types), every verdict is unchanged — which proves
 *   the checks read no path that the typed-input validation leaves unchecked.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const CHECK_FIXTURES = join(ROOT, 'test/checks');
const DEMO_MANIFESTS = join(ROOT, 'demo/manifests');

/** Identity fields: the input reader rejects objects without them, so they are not variants an evaluation can see. */
const IDENTITY_PATHS = new Set(['apiVersion', 'kind', 'metadata', 'metadata.name', 'metadata.namespace']);

type Path = readonly (string | number)[];

interface Variant {
  readonly path: Path;
  readonly mutated: JsonValue;
}

function pathText(path: Path): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

/** The wrong-typed replacement of a value, or undefined for values the rule does not vary (strings, null, floats). */
function wrongTypeOf(value: JsonValue): JsonValue | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : 'x';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : undefined;
  if (value !== null && typeof value === 'object') return 1;
  return undefined;
}

function variantsOf(object: KubeObject): Variant[] {
  const variants: Variant[] = [];
  const walk = (value: JsonValue, path: Path): void => {
    if (path.length > 0 && !IDENTITY_PATHS.has(pathText(path))) {
      const mutated = wrongTypeOf(value);
      if (mutated !== undefined) variants.push({ path, mutated });
    }
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index]));
    else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  walk(object as unknown as JsonValue, []);
  return variants;
}

function withValueAt(object: KubeObject, path: Path, value: JsonValue): KubeObject {
  const copy = structuredClone(object) as unknown as Record<string | number, unknown>;
  let current = copy;
  for (const key of path.slice(0, -1)) current = current[key] as Record<string | number, unknown>;
  current[path[path.length - 1] as string | number] = value;
  return copy as unknown as KubeObject;
}

function isAbout(finding: Finding, key: string): boolean {
  return describeRef(finding.resource) === key || (finding.related ?? []).some((ref) => describeRef(ref) === key);
}

/** `check|subject` → statuses, for comparing two evaluations verdict by verdict. */
function verdicts(findings: readonly Finding[]): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const finding of findings) {
    const key = `${finding.check}|${describeRef(finding.resource)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), finding.status]);
  }
  return new Map([...byKey].map(([key, statuses]) => [key, statuses.sort().join(',')]));
}

function inputsOf(file: string): CheckInputs {
  const path = join(file, '..', 'inputs.json');
  return existsSync(path) ? { ...DEFAULT_INPUTS, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<CheckInputs>) } : DEFAULT_INPUTS;
}

function sourceFiles(): string[] {
  const fixtures = readdirSync(CHECK_FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(join(CHECK_FIXTURES, entry.name)).filter((file) => file.startsWith('pass.') && /\.ya?ml$/.test(file)).map((file) => join(CHECK_FIXTURES, entry.name, file)));
  const demo = readdirSync(DEMO_MANIFESTS, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yaml')).map((file) => join(DEMO_MANIFESTS, file));
  return [...fixtures.sort(), ...demo.sort()];
}

/** Problems found for one source file, as lines naming the variant and the finding; empty when the rule holds. */
function violationsIn(file: string): { problems: string[]; malformedVariants: number; wellTypedVariants: number } {
  const objects = readManifests(file);
  const inputs = inputsOf(file);
  const baseline = evaluateChecks(snapshotOf(objects), BUILT_IN_CHECKS, inputs);
  const baselineVerdicts = verdicts(baseline);
  const problems: string[] = [];
  let malformedVariants = 0;
  let wellTypedVariants = 0;
  objects.forEach((object, position) => {
    const subject = describeRef(refOf(object));
    const kind = kindKeyOf(object.apiVersion, object.kind);
    const checks = BUILT_IN_CHECKS.filter((check) => check.reads.includes(kind) || (check.needs ?? []).includes(kind));
    if (checks.length === 0) return;
    for (const { path, mutated } of variantsOf(object)) {
      const snapshot = snapshotOf(objects.map((other, at) => (at === position ? withValueAt(object, path, mutated) : other)));
      // Judged on the object as the snapshot holds it (after redaction), which is what the checks see.
      const held = snapshot.resources.find((candidate) => describeRef(refOf(candidate)) === subject && kindKeyOf(candidate.apiVersion, candidate.kind) === kind);
      const malformed = held !== undefined && shapeProblemsOf(held, templatePathOf(held)).length > 0;
      const findings = evaluateChecks(snapshot, checks, inputs);
      const where = `${subject} ${pathText(path)} = ${JSON.stringify(mutated)}`;
      if (malformed) {
        malformedVariants += 1;
        for (const finding of findings.filter((found) => isAbout(found, subject) && (found.status === 'pass' || found.status === 'not-applicable'))) {
          problems.push(`${where}: ${finding.check} says ${finding.status} on ${describeRef(finding.resource)}`);
        }
      } else {
        wellTypedVariants += 1;
        for (const [key, statuses] of verdicts(findings)) {
          if (baselineVerdicts.get(key) !== statuses) problems.push(`${where} (not typed by any shape): ${key} changed from ${baselineVerdicts.get(key) ?? 'nothing'} to ${statuses}`);
        }
      }
      for (const finding of findings.filter((found) => found.status === 'pass' && isAbout(found, subject))) {
        if (!(baselineVerdicts.get(`${finding.check}|${describeRef(finding.resource)}`) ?? '').includes('pass')) problems.push(`${where}: ${finding.check} passes where the original did not`);
      }
    }
  });
  return { problems, malformedVariants, wellTypedVariants };
}

describe('typed input: wrong-typed variants of real fixtures never pass', () => {
  const files = sourceFiles();

  it('has real fixtures to vary', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files.some((file) => file.includes('demo/manifests'))).toBe(true);
  });

  const totals = { malformed: 0, wellTyped: 0 };
  for (const file of files) {
    it(relative(ROOT, file), () => {
      const { problems, malformedVariants, wellTypedVariants } = violationsIn(file);
      totals.malformed += malformedVariants;
      totals.wellTyped += wellTypedVariants;
      expect(problems.slice(0, 10)).toEqual([]);
    });
  }

  it('varied thousands of typed paths, and some untyped ones whose verdicts stayed the same', () => {
    expect(totals.malformed).toBeGreaterThan(5000);
    expect(totals.wellTyped).toBeGreaterThan(100);
  });
});
