import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayText } from '../../src/domain/display-text.js';
import { csvField } from '../../src/report/writers/csv.js';
import { cli } from '../support/cli.js';

const HOSTILE = 'evil\u001b[2J\u0007\u0000\u009b\u202egnp.exe\u2066x';

describe('control characters from cluster data', () => {
  it('are escaped visibly', () => {
    expect(displayText(HOSTILE)).toBe('evil\\x1b[2J\\x07\\x00\\x9b\\u202egnp.exe\\u2066x');
    expect(displayText('plain\ttext\nline')).toBe('plain\ttext\nline');
  });

  it('never reach the terminal raw from evaluate', async () => {
    const work = mkdtempSync(join(tmpdir(), 'kv-display-'));
    try {
      const file = join(work, 'pod.json');
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: HOSTILE, namespace: 'n' }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } }));
      const result = await cli('evaluate', '--from-file', file);
      expect(result.stdout).toContain('\\x1b[2J');
      expect(result.stdout).toContain('\\u202e');
      expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0008\u001b\u009b\u202a-\u202e\u2066-\u2069]/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('are escaped in CSV, and separators and formula prefixes are neutralised', () => {
    expect(csvField(HOSTILE)).not.toMatch(/[\u0000\u001b\u202e]/);
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('a\tb')).toBe('"a\tb"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1;2')).toBe('"\'+1;2"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2')).toBe("'-2");
  });
});
