import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { z } from 'zod';
import { inputError, type KvError } from './errors.js';

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

export function readYamlFile(file: string, code: string): ParsedYaml {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw inputError(code, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
  return parseYamlText(file, text, code);
}

export function parseYamlText(file: string, text: string, code: string): ParsedYaml {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  if (!Array.isArray(documents)) return { file, text, documents: [], lines };
  for (const document of documents) {
    const problem = document.errors[0];
    if (problem !== undefined) {
      const line = lines.linePos(problem.pos[0]).line;
      throw inputError(code, `invalid YAML: ${problem.message.split('\n')[0]}`, { file, line });
    }
  }
  return { file, text, documents, lines };
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
  const result = schema.safeParse(document.toJS());
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
