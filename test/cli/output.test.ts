import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatTable, writeJson } from '../../src/cli/output.js';

async function streamed(value: unknown, pretty: boolean): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeJson(value, { pretty }, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

const SAMPLES: Record<string, unknown> = {
  contract: {
    schemaVersion: 1,
    tool: 'kubevidence 0.1.0',
    checks: [{ id: 'a.b', severity: 'high', references: { cis: ['1.2.3'], pss: undefined }, empty: {} }],
    findings: Array.from({ length: 50 }, (_, index) => ({ check: 'a.b', status: index % 3 === 0 ? 'fail' : 'pass', resource: { kind: 'Pod', name: `p-${index}` }, evidence: [{ path: 'spec', observed: null, expected: 'x\n"y"' }] })),
    gaps: [],
    waivers: { applied: [], expired: [{ id: 'w', expires: new Date('2020-01-31T00:00:00Z') }] },
    missing: undefined,
    dropped: () => 1,
  },
  'array at the top': [1, 'two', null, undefined, { three: [3, [4, { five: 5 }]] }, () => 0, [], {}],
  'scalar': 'a "quoted"\nline',
  'number': 42,
  'nested toJSON': { when: { toJSON: () => ({ iso: '2026' }) }, list: [{ toJSON: () => 'x' }] },
  'unicode keys': { 'ключ': 'значение', '\u2028': '\u2029', emoji: '🔒' },
};

describe('writeJson', () => {
  for (const [name, value] of Object.entries(SAMPLES)) {
    it(`writes exactly JSON.stringify's text, compact and pretty: ${name}`, async () => {
      expect(await streamed(value, false)).toBe(`${JSON.stringify(value)}\n`);
      expect(await streamed(value, true)).toBe(`${JSON.stringify(value, null, 2)}\n`);
    });
  }

  it('writes a large array in many chunks, never as one string, and waits for a slow reader', async () => {
    const value = { findings: Array.from({ length: 60_000 }, (_, index) => ({ index, message: 'm'.repeat(40) })) };
    const out = new PassThrough({ highWaterMark: 1024 });
    const sizes: number[] = [];
    const done = new Promise<void>((resolve) => out.on('end', resolve));
    out.on('data', (chunk: Buffer) => sizes.push(chunk.length));
    await writeJson(value, {}, out);
    out.end();
    await done;
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes.slice(0, 100))).toBeLessThan(4 << 20);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(Buffer.byteLength(`${JSON.stringify(value)}\n`));
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell', () => {
    expect(formatTable(['A', 'BB'], [['xxx', 'y'], ['z', 'wwww']])).toBe('A    BB\n---  ----\nxxx  y\nz    wwww\n');
  });

  it('handles 300,000 rows without overflowing the stack (no spread of rows into a call)', () => {
    const rows = Array.from({ length: 300_000 }, (_, index) => [String(index), 'ok']);
    const text = formatTable(['N', 'STATUS'], rows);
    expect(text.split('\n')).toHaveLength(300_003);
    expect(text.split('\n')[2]).toBe('0       ok');
  });
});
