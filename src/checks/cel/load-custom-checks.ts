import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Document } from 'yaml';
import type { JsonObject } from '../../domain/json.js';
import { describeRef, kindKeyOf, refOf, type ResourceRef } from '../../domain/snapshot.js';
import { inputError } from '../../errors.js';
import { errorAt, lineOf, readYamlFile, validateDocument, type ParsedYaml } from '../../yaml-input.js';
import { at, defineCheck, type CheckDefinition, type FindingDraft } from '../define-check.js';
import { KINDS, type SnapshotIndex } from '../snapshot-index.js';
import { WORKLOAD_KINDS } from '../workload-subjects.js';
import { compileExpression, type CelProgram, type CelResult, type CelScope, type CelVariables } from './compile.js';
import { customCheckSchema, type CustomCheckSpec } from './custom-check-schema.js';

const CODE = 'custom-check.invalid';

interface Validation {
  readonly program: CelProgram;
  readonly message: string;
}

interface MatchCondition {
  readonly program: CelProgram;
  readonly name: string;
}

interface CompiledLogic {
  readonly conditions: readonly MatchCondition[];
  readonly validations: readonly Validation[];
}

interface Subject {
  readonly ref: ResourceRef;
  readonly variables: CelVariables;
  readonly related?: readonly ResourceRef[];
}

/**
 * Loads user-authored checks (YAML + CEL) from a file or a folder (recursively, `*.yaml`/`*.yml`, sorted; a file may
 * hold several documents). Every expression is compiled here, once, so a broken check fails the load with
 * `file:line validations[0].expression: syntax error: ... in '<expression>'` instead of failing at evaluation.
 * Ids must be unique among the custom checks and must not collide with `reservedIds` (the built-in checks).
 */
export function loadCustomChecks(path: string, reservedIds: readonly string[] = []): CheckDefinition[] {
  const definedAt = new Map<string, string>(reservedIds.map((id) => [id, 'a built-in check']));
  return customCheckFiles(path).flatMap((file) => {
    const parsed = readYamlFile(file, CODE);
    return parsed.documents.filter((document) => document.contents !== null).map((document) => checkFromDocument(parsed, document, definedAt));
  });
}

function customCheckFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw inputError(CODE, `cannot read custom checks: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: path });
  }
  if (!isDirectory) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(path, name));
}

function checkFromDocument(parsed: ParsedYaml, document: Document.Parsed, definedAt: Map<string, string>): CheckDefinition {
  const spec = validateDocument(parsed, document, customCheckSchema, CODE);
  const { id } = spec.metadata;
  const previous = definedAt.get(id);
  if (previous !== undefined) throw errorAt(parsed, document, ['metadata', 'id'], `duplicate check id '${id}' (already ${previous})`, CODE);
  definedAt.set(id, `defined at ${parsed.file}:${lineOf(parsed, document, ['metadata', 'id']) ?? 1}`);
  const scope = scopeOf(parsed, document, spec);
  const conditions = (spec.matchConditions ?? []).map((condition, position) => ({
    program: compileAt(parsed, document, ['matchConditions', position, 'expression'], condition.expression, scope),
    name: condition.name,
  }));
  const validations = spec.validations.map((validation, position) => ({
    program: compileAt(parsed, document, ['validations', position, 'expression'], validation.expression, scope),
    message: validation.message,
  }));
  return toCheckDefinition(spec, scope, { conditions, validations });
}

/** `workloads: true` runs over workloads (optionally only of some kinds); otherwise `kinds` is required. */
function scopeOf(parsed: ParsedYaml, document: Document.Parsed, spec: CustomCheckSpec): CelScope {
  const { kinds, workloads } = spec.match;
  if (workloads !== true) {
    if (kinds === undefined) throw errorAt(parsed, document, ['match'], 'list the kinds to check, or set workloads: true', CODE);
    return 'resource';
  }
  const notWorkload = (kinds ?? []).findIndex((kind) => !WORKLOAD_KINDS.includes(kind));
  if (notWorkload >= 0) {
    const kind = kinds?.[notWorkload] ?? '';
    throw errorAt(parsed, document, ['match', 'kinds', notWorkload], `'${kind}' is not a workload kind (one of ${WORKLOAD_KINDS.join(', ')})`, CODE);
  }
  return 'workload';
}

function compileAt(parsed: ParsedYaml, document: Document.Parsed, path: readonly (string | number)[], expression: string, scope: CelScope): CelProgram {
  const compiled = compileExpression(expression, scope);
  if (compiled.ok) return compiled.program;
  const hint = scope === 'resource' && /\bpod(Spec|Meta)\b/.test(expression) ? ' (podSpec and podMeta need match.workloads: true)' : '';
  throw errorAt(parsed, document, path, `${compiled.problem}${hint} in '${excerpt(expression)}'`, CODE);
}

/** An expression on one line (YAML block scalars span several). */
function oneLine(expression: string): string {
  return expression.replace(/\s+/g, ' ').trim();
}

/** Short enough for a one-line error message. */
function excerpt(expression: string): string {
  const line = oneLine(expression);
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

function toCheckDefinition(spec: CustomCheckSpec, scope: CelScope, logic: CompiledLogic): CheckDefinition {
  const { metadata, match } = spec;
  const kinds = match.kinds ?? WORKLOAD_KINDS;
  // Reading namespaceObject makes Namespace evidence: when it was not collected the engine reports the gap.
  const readsNamespace = [...logic.conditions, ...logic.validations].some(({ program }) => program.readsNamespace);
  return defineCheck({
    ...metadata,
    references: metadata.references ?? {},
    origin: 'custom',
    reads: readsNamespace && !kinds.includes(KINDS.namespace) ? [...kinds, KINDS.namespace] : kinds,
    evaluate: ({ index }) => subjectsOf(scope, kinds, index).map((subject) => verdictOn(subject, logic)),
  });
}

function subjectsOf(scope: CelScope, kinds: readonly string[], index: SnapshotIndex): Subject[] {
  const namespaceVariable = namespaceVariableOf(index);
  if (scope === 'resource') {
    return kinds.flatMap((kind) =>
      index.list(kind).map((object) => ({
        ref: refOf(object),
        variables: { object: object as unknown as JsonObject, ...namespaceVariable(object.metadata.namespace) },
      })),
    );
  }
  return index.workloads
    .filter((workload) => kinds.includes(kindKeyOf(workload.ref.apiVersion, workload.ref.kind)))
    .map((workload) => ({
      ref: workload.ref,
      related: workload.pods,
      variables: {
        object: workload.object as unknown as JsonObject,
        ...namespaceVariable(workload.ref.namespace),
        podSpec: workload.podSpec,
        podMeta: workload.podMeta as JsonObject,
      },
    }));
}

/** `{ namespaceObject }` for a subject, or nothing at all when Namespaces were not collected (see CelVariables). */
function namespaceVariableOf(index: SnapshotIndex): (namespace: string | undefined) => { readonly namespaceObject?: JsonObject | null } {
  if (!index.hasCollected(KINDS.namespace)) return () => ({});
  return (namespace) => ({
    namespaceObject: namespace === undefined ? null : ((index.get(KINDS.namespace, undefined, namespace) as JsonObject | undefined) ?? null),
  });
}

interface Outcome<T> {
  readonly item: T;
  readonly result: CelResult;
}

type DraftBase = Pick<FindingDraft, 'resource' | 'related'>;

/**
 * Match conditions first: one that cannot be evaluated makes the subject `unknown` (we cannot tell whether the check
 * applies), a false one `not-applicable`. Then every validation runs: any false one fails the subject (a definite
 * violation stands even if another expression could not be evaluated); otherwise an evaluation error makes it
 * `unknown`, never `pass`.
 */
function verdictOn(subject: Subject, logic: CompiledLogic): FindingDraft {
  const name = describeRef(subject.ref);
  const base: DraftBase = { resource: subject.ref, ...(subject.related === undefined ? {} : { related: subject.related }) };
  const conditions = runAll(logic.conditions, subject.variables);
  const [undecided] = errorsIn(conditions);
  if (undecided !== undefined) {
    const message = `${name}: match condition '${undecided.item.name}' could not be evaluated: ${undecided.error}.`;
    return { ...base, status: 'unknown', message, evidence: [at(celPath(undecided.item.program), `error: ${undecided.error}`)] };
  }
  const unmet = conditions.find(isFalse);
  if (unmet !== undefined) {
    const message = `${name} does not meet match condition '${unmet.item.name}', so the check does not apply.`;
    return { ...base, status: 'not-applicable', message, evidence: [at(celPath(unmet.item.program), false)] };
  }
  return validate(name, base, runAll(logic.validations, subject.variables));
}

function validate(name: string, base: DraftBase, results: readonly Outcome<Validation>[]): FindingDraft {
  const failed = results.filter(isFalse);
  if (failed.length > 0) {
    const message = `${name}: ${failed.map(({ item }) => item.message).join(' ')}`;
    return { ...base, status: 'fail', message, evidence: failed.map(({ item }) => at(celPath(item.program), false, 'true')) };
  }
  const errors = errorsIn(results);
  if (errors.length > 0) {
    const message = `${name} could not be evaluated: ${errors.map(({ error }) => error).join('; ')}.`;
    return { ...base, status: 'unknown', message, evidence: errors.map(({ item, error }) => at(celPath(item.program), `error: ${error}`, 'true')) };
  }
  const message = `${name} meets all ${results.length} validation(s).`;
  return { ...base, status: 'pass', message, evidence: results.map(({ item }) => at(celPath(item.program), true, 'true')) };
}

function runAll<T extends { readonly program: CelProgram }>(items: readonly T[], variables: CelVariables): Outcome<T>[] {
  return items.map((item) => ({ item, result: item.program.run(variables) }));
}

function errorsIn<T>(outcomes: readonly Outcome<T>[]): { readonly item: T; readonly error: string }[] {
  return outcomes.flatMap(({ item, result }) => (result.ok ? [] : [{ item, error: result.error }]));
}

function isFalse<T>(outcome: Outcome<T>): boolean {
  return outcome.result.ok && !outcome.result.value;
}

/** Evidence from CEL names the whole expression it observed, since it has no single field path. */
function celPath(program: CelProgram): string {
  return `cel: ${oneLine(program.source)}`;
}
