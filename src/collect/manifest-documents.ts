import { isMap, isScalar, type Document, type LineCounter } from 'yaml';
import { inputError, KvError } from '../errors.js';
import { checkJsonStructure } from '../input-limits.js';
import { parseYamlText, yamlToJs } from '../yaml-input.js';

/** The documents of one JSON or YAML file, with a way back to source lines for error messages. */
export interface ManifestDocuments {
  readonly file: string;
  /** One value per non-empty document, in file order. */
  readonly values: readonly unknown[];
  /** 1-based number of each value's document, counting only non-empty ones (a comment-only header is not "document 1"). */
  readonly numbers: readonly number[];
  /** Line of a path inside the value at `index`; computed lazily because only error paths need it. */
  lineOf(index: number, path: readonly (string | number)[]): number | undefined;
}

const CODE = 'input.invalid';

/**
 * Parses a manifest file. JSON takes the fast native path (snapshot files and `kubectl get -o json` output
 * can hold tens of thousands of objects); YAML, and JSON that fails to parse, go through the YAML parser,
 * which reports the line of the problem.
 */
export function parseManifestText(file: string, text: string): ManifestDocuments {
  if (looksLikeJson(text)) {
    // Depth and duplicate keys first: JSON.parse keeps the last duplicate silently, and deep values overflow later walks.
    checkJsonStructure(file, text, CODE);
    try {
      const value: unknown = JSON.parse(text);
      return { file, values: [value], numbers: [1], lineOf: (_index, path) => lineInYaml(file, text, 0, path) };
    } catch {
      // Fall through: the YAML parser accepts JSON too and names the line at fault.
    }
  }
  return parseYamlDocuments(file, text);
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

function parseYamlDocuments(file: string, text: string): ManifestDocuments {
  let parsed;
  try {
    parsed = parseYamlText(file, text, CODE);
  } catch (error) {
    if (!(error instanceof KvError) || !error.message.startsWith('invalid YAML: ')) throw error;
    throw inputError(CODE, `not Kubernetes JSON or YAML: ${documentNumberAt(text, error.location?.line)}does not parse: ${error.message.slice('invalid YAML: '.length)}`, error.location);
  }
  const { documents, lines } = parsed;
  const kept = documents.filter((document) => !isEmptyDocument(document)).map((document, index) => ({ document, number: index + 1 }));
  return {
    file,
    values: kept.map(({ document }) => yamlToJs(file, document, lines, CODE)),
    numbers: kept.map(({ number }) => number),
    lineOf: (index, path) => {
      const entry = kept[index];
      return entry === undefined ? undefined : lineInDocument(entry.document, lines, path);
    },
  };
}

/** `document 2 ` for the document holding a line: counts `---` separators above it (comment-only headers aside). */
function documentNumberAt(text: string, line: number | undefined): string {
  if (line === undefined) return '';
  const above = text.split('\n').slice(0, line - 1);
  const separators = above.filter((row) => /^---(\s|$)/.test(row)).length;
  const leadingSeparator = above.findIndex((row) => /^---(\s|$)/.test(row));
  const headerOnly = leadingSeparator >= 0 && above.slice(0, leadingSeparator).every((row) => row.trim() === '' || row.trimStart().startsWith('#'));
  return `document ${Math.max(1, separators + (headerOnly ? 0 : 1))} `;
}

/** `---` at the end of a file, or a document holding only comments (kubectl skips both). */
function isEmptyDocument(document: Document.Parsed): boolean {
  return document.contents === null || (isScalar(document.contents) && document.contents.value === null);
}

function lineInYaml(file: string, text: string, index: number, path: readonly (string | number)[]): number | undefined {
  try {
    return parseYamlDocuments(file, text).lineOf(index, path);
  } catch {
    return undefined;
  }
}

/** Line of the key (or item) at `path`, or of its nearest ancestor that exists. */
function lineInDocument(document: Document.Parsed, lines: LineCounter, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const start = depth === 0 ? rangeStartOf(document.contents) : startOfEntry(document, path.slice(0, depth));
    if (start !== undefined) return lines.linePos(start).line;
  }
  return undefined;
}

/** A mapping entry starts at its key (`metadata:`), not at its value, which is where a reader looks. */
function startOfEntry(document: Document.Parsed, path: readonly (string | number)[]): number | undefined {
  const last = path[path.length - 1];
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (isMap(parent) && typeof last === 'string') {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
    if (pair !== undefined) return rangeStartOf(pair.key);
  }
  return rangeStartOf(document.getIn(path, true));
}

function rangeStartOf(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0];
}
