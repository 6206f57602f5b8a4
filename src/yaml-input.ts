import { isAlias, isMap, isPair, isSeq, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { inputError, type KvError } from './errors.js';
import { INPUT_LIMITS, readBoundedText } from './input-limits.js';

/**
 * Reads user-authored YAML (catalogues, waivers, custom checks, config) and validates it with a zod schema.
 * Every problem becomes a one-line error naming the file, the line and the field:
 * `controls/frameworks/pci-dss-4.0.yaml:41 requirements[3].checks[0]: unknown check 'rbac.wildcard-verb'`.
 */
export interface ParsedYaml {
  readonly file: string;
  readonly text: string;
  readonly documents: readonly Document.Parsed[];
  readonly lines: LineCounter;
}

export function readYamlFile(file: string, code: string, maxBytes: number = INPUT_LIMITS.maxDocumentBytes): ParsedYaml {
  return parseYamlText(file, readBoundedText(file, code, maxBytes), code);
}

/**
 * The one way YAML is parsed (manifests, waivers, custom checks, catalogues, config): syntax errors, duplicate keys,
 * nesting deeper than the limit and too many documents are `file:line` input errors; aliases are expanded only by
 * yamlToJs, which bounds them.
 */
export function parseYamlText(file: string, text: string, code: string): ParsedYaml {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(documents)) return { file, text, documents: [], lines };
  if (documents.length > INPUT_LIMITS.maxDocuments) throw inputError(code, `more than ${INPUT_LIMITS.maxDocuments} documents (see docs/limits.md)`, { file });
  for (const document of documents) {
    const problem = document.errors[0];
    if (problem !== undefined) {
      const line = lines.linePos(problem.pos[0]).line;
      // The parser recurses on flow collections and reports its own stack overflow as a syntax error.
      if (/call stack/i.test(problem.message)) throw inputError(code, `nesting deeper than ${INPUT_LIMITS.maxDepth} levels (see docs/limits.md)`, { file, line });
      throw inputError(code, `invalid YAML: ${problem.message.split('\n')[0]}`, { file, line });
    }
    checkDepth(file, document, lines, code);
  }
  return { file, text, documents, lines };
}

/** Iterative, so a document nested a million levels deep is refused instead of overflowing the stack. */
function checkDepth(file: string, document: Document.Parsed, lines: LineCounter, code: string): void {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: document.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > INPUT_LIMITS.maxDepth) {
        const start = node.range?.[0];
        throw inputError(code, `nesting deeper than ${INPUT_LIMITS.maxDepth} levels (see docs/limits.md)`, { file, ...(start === undefined ? {} : { line: lines.linePos(start).line }) });
      }
      for (const item of node.items as unknown[]) stack.push({ node: item, depth: depth + 1 });
    } else if (isPair(node)) {
      stack.push({ node: node.key, depth }, { node: node.value, depth });
    }
  }
}

/**
 * A document as plain values, with aliases bounded: an alias bomb (aliases of aliases, doubling at each step) is an
 * input error at the line of its first alias, not an out-of-memory abort.
 */
export function yamlToJs(file: string, document: Document.Parsed, lines: LineCounter, code: string): unknown {
  try {
    return document.toJS({ maxAliasCount: INPUT_LIMITS.maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError || error instanceof RangeError)) throw error;
    let line: number | undefined;
    visit(document, {
      Alias: (_key, node) => {
        if (line === undefined && isAlias(node) && node.range !== undefined && node.range !== null) line = lines.linePos(node.range[0]).line;
        return line === undefined ? undefined : visit.BREAK;
      },
    });
    const why = error instanceof RangeError ? 'the document is too deeply nested' : `YAML aliases expand beyond the limit of ${INPUT_LIMITS.maxAliasCount} (an alias bomb?)`;
    throw inputError(code, `${why} (see docs/limits.md)`, { file, ...(line === undefined ? {} : { line }) });
  }
}

/** Line (1-based) of the node at a path inside a document, or of the nearest ancestor that exists. */
export function lineOf(parsed: ParsedYaml, document: Document.Parsed, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = document.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    const start = node !== undefined && node !== null && typeof node === 'object' && 'range' in node ? node.range?.[0] : undefined;
    if (start !== undefined) return parsed.lines.linePos(start).line;
    if (depth === 0 && (isMap(document.contents) || isSeq(document.contents))) return parsed.lines.linePos(document.contents.range[0]).line;
  }
  return undefined;
}

/** `requirements[3].checks[0]` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

/** Validates one document against a schema; the first issue becomes a `file:line field: message` error. */
export function validateDocument<T extends z.ZodType>(parsed: ParsedYaml, document: Document.Parsed, schema: T, code: string): z.output<T> {
  const result = schema.safeParse(yamlToJs(parsed.file, document, parsed.lines, code));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw inputError(code, 'invalid document', { file: parsed.file });
  // Point an unknown key at its own line, so a typo is found where it was made.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    throw errorAt(parsed, document, [...issue.path, issue.keys[0] as string], `unknown field '${String(issue.keys[0])}'`, code);
  }
  throw errorAt(parsed, document, issue.path, issue.message, code);
}

/** An error pointing at a path inside a document (for cross-field checks done after schema validation). */
export function errorAt(parsed: ParsedYaml, document: Document.Parsed, path: readonly PropertyKey[], message: string, code: string): KvError {
  const line = lineOf(parsed, document, path);
  const field = formatPath(path);
  return inputError(code, message, { file: parsed.file, ...(line === undefined ? {} : { line }), ...(field === '' ? {} : { field }) });
}

/** The single document of a file that must hold exactly one. */
export function singleDocument(parsed: ParsedYaml, code: string): Document.Parsed {
  const [first, ...rest] = parsed.documents;
  if (first === undefined || first.contents === null) throw inputError(code, 'file is empty', { file: parsed.file });
  if (rest.length > 0) throw inputError(code, `expected one YAML document, found ${parsed.documents.length}`, { file: parsed.file });
  return first;
}
