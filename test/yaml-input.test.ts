import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KvError } from '../src/errors.js';
import { parseYamlText, singleDocument, validateDocument } from '../src/yaml-input.js';

const schema = z.object({ name: z.string(), items: z.array(z.object({ id: z.string(), count: z.number() })) }).strict();

function validate(text: string): unknown {
  const parsed = parseYamlText('f.yaml', text, 'test.invalid');
  return validateDocument(parsed, singleDocument(parsed, 'test.invalid'), schema, 'test.invalid');
}

function errorLine(text: string): string {
  try {
    validate(text);
  } catch (error) {
    if (error instanceof KvError) return error.toLine();
    throw error;
  }
  throw new Error('expected an error');
}

describe('yaml input validation', () => {
  it('returns the typed value of a valid document', () => {
    expect(validate('name: a\nitems:\n  - id: x\n    count: 2\n')).toEqual({ name: 'a', items: [{ id: 'x', count: 2 }] });
  });

  it('names file, line and field of a wrong type deep inside', () => {
    expect(errorLine('name: a\nitems:\n  - id: x\n    count: 2\n  - id: y\n    count: many\n')).toMatch(/^f\.yaml:6 items\[1\]\.count: /);
  });

  it('points a missing field at its parent', () => {
    expect(errorLine('name: a\nitems:\n  - id: x\n')).toMatch(/^f\.yaml:3 items\[0\]\.count: /);
  });

  it('reports YAML syntax errors with a line', () => {
    expect(errorLine('name: a\nitems: [\n')).toMatch(/^f\.yaml:\d+: invalid YAML/);
  });

  it('rejects an empty file', () => {
    expect(errorLine('')).toBe('f.yaml: file is empty');
  });
});
