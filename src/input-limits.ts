import { readFileSync, statSync } from 'node:fs';
import { inputError } from './errors.js';

/**
 * Bounds on every user-supplied file, checked before the file is read or walked (docs/limits.md). Exceeding one is
 * exit 3 with `file:line field: problem`, never an out-of-memory abort or a stack overflow.
 */
export const INPUT_LIMITS = {
  /** Manifests and snapshot files (a 50,000-object snapshot is about 60 MB). */
  maxManifestBytes: 256 * 1024 * 1024,
  /** Waivers, config, custom checks, catalogues, attestation lists: hand-written files. */
  maxDocumentBytes: 8 * 1024 * 1024,
  /** Nesting of maps and lists (Kubernetes objects nest to about 20). */
  maxDepth: 256,
  /** YAML aliases resolved per document: a handful in real files, millions in an alias bomb. */
  maxAliasCount: 100,
  /** Documents (or List items) in one input. */
  maxDocuments: 1_000_000,
} as const;

/**
 * Reads a user file after checking, without opening it, that it is a regular file within the size limit: a FIFO
 * or device would block or never end, and a huge file would exhaust memory.
 */
export function readBoundedText(file: string, code: string, maxBytes: number): string {
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw inputError(code, 'not a regular file (a FIFO, device or directory is refused)', { file });
    size = stats.size;
  } catch (error) {
    if (error instanceof Error && error.name === 'KvError') throw error;
    throw inputError(code, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
  if (size > maxBytes) throw inputError(code, `file is ${size} bytes, over the limit of ${maxBytes} bytes (see docs/limits.md)`, { file });
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw inputError(code, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
}

/**
 * One iterative pass over JSON text before JSON.parse: rejects nesting deeper than the limit and duplicate keys
 * (JSON.parse keeps the last silently; YAML input rejects them, and so does this), naming the line. Syntax errors
 * are left to the parser. Returns nothing when the structure is acceptable.
 */
export function checkJsonStructure(file: string, text: string, code: string, maxDepth: number = INPUT_LIMITS.maxDepth): void {
  const keys: Array<Set<string> | null> = [];
  let line = 1;
  let expectKey = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === 10) line += 1;
    else if (char === 123 || char === 91) {
      keys.push(char === 123 ? new Set() : null);
      if (keys.length > maxDepth) throw inputError(code, `nesting deeper than ${maxDepth} levels (see docs/limits.md)`, { file, line });
      expectKey = char === 123;
    } else if (char === 125 || char === 93) {
      keys.pop();
      expectKey = false;
    } else if (char === 44) {
      expectKey = keys[keys.length - 1] instanceof Set;
    } else if (char === 34) {
      const end = endOfString(text, index);
      if (expectKey) {
        const raw = text.slice(index + 1, end);
        const key = raw.includes('\\') ? decodeKey(raw) : raw;
        const seen = keys[keys.length - 1];
        if (seen instanceof Set) {
          if (seen.has(key)) throw inputError(code, `duplicate key '${key.slice(0, 80)}'`, { file, line });
          seen.add(key);
        }
        expectKey = false;
      }
      index = end;
    }
  }
}

function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === 92) index += 1;
    else if (char === 34) return index;
  }
  return text.length;
}

function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
