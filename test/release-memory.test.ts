import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { releaseMemory } from '../src/release-memory.js';

describe('releaseMemory', () => {
  it('runs a full collection: an object nothing refers to any more is gone after it', async () => {
    const dropped = new WeakRef({ rows: Array.from({ length: 1000 }, (_, index) => ({ index })) });
    // A WeakRef target stays alive until the current job ends.
    await setImmediate();
    releaseMemory();
    expect(dropped.deref()).toBeUndefined();
  });

  it('does not expose gc to the program', () => {
    releaseMemory();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
