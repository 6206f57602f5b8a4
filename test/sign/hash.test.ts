import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../src/sign/hash.js';

describe('sha256File', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kv-hash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes files read in chunks exactly as the whole bytes hash: empty, one chunk, and across chunk edges', () => {
    for (const size of [0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) * 3 + 17]) {
      const bytes = randomBytes(size);
      const file = join(dir, `f-${size}`);
      writeFileSync(file, bytes);
      expect(sha256File(file)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('fails on a missing file', () => {
    expect(() => sha256File(join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});
