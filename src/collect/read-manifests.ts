import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../domain/snapshot.js';
import { kindKeyOf } from '../domain/snapshot.js';
import { inputError } from '../errors.js';
import { COLLECTED_KINDS, keyOfCollectedKind } from './kinds.js';
import { INPUT_LIMITS, readBoundedText } from '../input-limits.js';
import { parseManifestText, type ManifestDocuments } from './manifest-documents.js';
import { isTrivyJsonReport, objectsOfTrivyReport } from './trivy-json.js';

const CODE = 'input.invalid';
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** Namespaced kinds by kind key: objects of these without a namespace land in `default`, as `kubectl apply` puts them. */
const NAMESPACED_KIND_KEYS: ReadonlySet<string> = new Set(COLLECTED_KINDS.filter((kind) => kind.namespaced).map(keyOfCollectedKind));

/** Stat of a user-given path, or a one-line input error saying it is not there. */
export function statInput(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code ?? String(error)})`;
    throw inputError('input.not-found', reason, { file: path });
  }
}

/** Every manifest file under a directory, recursively, in a stable (sorted) order. */
export function manifestFilesUnder(directory: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && MANIFEST_EXTENSIONS.some((extension) => entry.name.toLowerCase().endsWith(extension))) found.push(path);
    }
  };
  walk(directory);
  if (found.length === 0) throw inputError('input.empty', 'directory holds no .yaml, .yml or .json manifests', { file: directory });
  return found;
}

export function readManifestFile(file: string): ManifestDocuments {
  return parseManifestText(file, readBoundedText(file, 'input.not-found', INPUT_LIMITS.maxManifestBytes));
}

/**
 * The Kubernetes objects in a file's documents: single objects, and the items of `List` documents
 * (`kubectl get -o yaml|json`). One bad document among good ones is an error naming that document and line,
 * because silently skipping it would make the snapshot claim a kind is complete when it is not.
 */
export function kubeObjectsIn(documents: ManifestDocuments): KubeObject[] {
  const problems = documents.values.map(problemOf);
  const firstProblem = problems.findIndex((problem) => problem !== undefined);
  if (documents.values.length === 0) throw inputError(CODE, 'not Kubernetes JSON or YAML: the file holds no documents', { file: documents.file });
  if (firstProblem >= 0) throw documentError(documents, firstProblem, problems.every((problem) => problem !== undefined && (problem.item ?? 0) === 0));
  return documents.values.flatMap((value) => (isTrivyJsonReport(value) ? objectsOfTrivyReport(value, documents.file) : objectsOfDocument(value as Record<string, unknown>)));
}

interface Problem {
  readonly message: string;
  /** Where in the document to look for the line. */
  readonly path: readonly (string | number)[];
  /** Index of the offending item of a List document. */
  readonly item?: number;
}

function documentError(documents: ManifestDocuments, index: number, noneGood: boolean): Error {
  const problem = problemOf(documents.values[index]) as Problem;
  const line = documents.lineOf(index, problem.path);
  const number = documents.numbers[index] ?? index + 1;
  const where = problem.item === undefined ? `document ${number}` : `document ${number} items[${problem.item}]`;
  const prefix = noneGood ? 'not Kubernetes JSON or YAML: ' : '';
  return inputError(CODE, `${prefix}${where}: ${problem.message}`, { file: documents.file, ...(line === undefined ? {} : { line }) });
}

function problemOf(value: unknown): Problem | undefined {
  if (isTrivyJsonReport(value)) return undefined;
  if (!isRecord(value)) return { message: `expected a Kubernetes object, found ${describeValue(value)}`, path: [] };
  if (!isListDocument(value)) return objectProblem(value, []);
  const items = value['items'] as unknown[];
  const defaults = itemDefaultsOf(value);
  for (const [index, item] of items.entries()) {
    const problem = isRecord(item) ? objectProblem({ ...defaults, ...item }, ['items', index]) : { message: `expected a Kubernetes object, found ${describeValue(item)}`, path: ['items', index] };
    if (problem !== undefined) return { ...problem, item: index };
  }
  return undefined;
}

function objectProblem(value: Record<string, unknown>, at: readonly (string | number)[]): Problem | undefined {
  if (typeof value['apiVersion'] !== 'string' || value['apiVersion'] === '') return { message: "missing 'apiVersion'", path: [...at, 'apiVersion'] };
  if (typeof value['kind'] !== 'string' || value['kind'] === '') return { message: "missing 'kind'", path: [...at, 'kind'] };
  const metadata = value['metadata'];
  if (!isRecord(metadata)) return { message: "missing 'metadata'", path: at };
  if (typeof metadata['name'] !== 'string' || metadata['name'] === '') return { message: "missing 'metadata.name'", path: [...at, 'metadata'] };
  if (metadata['namespace'] !== undefined && typeof metadata['namespace'] !== 'string') return { message: "'metadata.namespace' must be a string", path: [...at, 'metadata', 'namespace'] };
  return undefined;
}

/** `kind: List` from kubectl, or a typed list (`PodList`) from the raw API whose items omit kind and apiVersion. */
function isListDocument(value: Record<string, unknown>): boolean {
  return typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(value['items']);
}

/** Items of a typed list (`PodList`) carry no kind/apiVersion: the list says what they are. */
function itemDefaultsOf(list: Record<string, unknown>): Record<string, unknown> {
  const kind = list['kind'] as string;
  if (kind === 'List' || typeof list['apiVersion'] !== 'string') return {};
  return { apiVersion: list['apiVersion'], kind: kind.slice(0, -'List'.length) };
}

function objectsOfDocument(value: Record<string, unknown>): KubeObject[] {
  if (!isListDocument(value)) return [withDefaultNamespace(value as unknown as KubeObject)];
  const defaults = itemDefaultsOf(value);
  return (value['items'] as Record<string, unknown>[]).map((item) => withDefaultNamespace({ ...defaults, ...item } as unknown as KubeObject));
}

function withDefaultNamespace(object: KubeObject): KubeObject {
  if (object.metadata.namespace !== undefined || !NAMESPACED_KIND_KEYS.has(kindKeyOf(object.apiVersion, object.kind))) return object;
  return { ...object, metadata: { ...object.metadata, namespace: 'default' } };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

