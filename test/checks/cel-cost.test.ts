import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/checks/cel/compile.js';

function program(source: string) {
  const compiled = compileExpression(source, 'resource');
  if (!compiled.ok) throw new Error(compiled.problem);
  return compiled.program;
}

describe('CEL cost bounds', () => {
  it('runs matches() on RE2: a catastrophic-backtracking pattern answers at once', () => {
    const evil = program('object.metadata.name.matches("^(a+)+$")');
    expect(evil.run({ object: { metadata: { name: `${'a'.repeat(5000)}!` } } })).toEqual({ ok: true, value: false });
    expect(program('matches(object.metadata.name, "^(a|aa)+$")').run({ object: { metadata: { name: `${'a'.repeat(5000)}b` } } })).toEqual({ ok: true, value: false });
    expect(evil.run({ object: { metadata: { name: 'aaa' } } })).toEqual({ ok: true, value: true });
  });

  it('makes a pattern RE2 cannot run (backreferences) an evaluation error, so the finding is unknown', () => {
    const result = program('object.metadata.name.matches("(a)\\\\1")').run({ object: { metadata: { name: 'aa' } } });
    expect(result.ok).toBe(false);
  });

  it('refuses a nested comprehension bomb over large lists before running it', () => {
    const bomb = program('object.items.all(a, object.items.all(b, object.items.all(c, a + b + c >= 0)))');
    const items = Array.from({ length: 5000 }, (_, index) => index);
    const result = bomb.run({ object: { items } });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(/CEL cost budget exceeded/);
    // The same expression over a small list is evaluated.
    expect(bomb.run({ object: { items: [1, 2, 3] } })).toEqual({ ok: true, value: true });
  });

  it('rejects at compile time comprehensions nested deeper than the limit and oversized expressions', () => {
    const deep = compileExpression('object.a.all(w, object.a.all(x, object.a.all(y, object.a.all(z, true))))', 'resource');
    expect(deep.ok ? '' : deep.problem).toMatch(/cost limit: comprehensions nested 4 deep/);
    const huge = compileExpression(Array.from({ length: 3000 }, () => 'true').join(' && '), 'resource');
    expect(huge.ok).toBe(false);
  });
});
