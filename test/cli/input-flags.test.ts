import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { cliLineOf, FLAG_OF_INPUT } from '../../src/cli/shared/input-flags.js';
import { EXIT_CODES, InputValueError } from '../../src/errors.js';
import { parsePeriod } from '../../src/report/index.js';
import { cli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kv-input-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(run: () => unknown): InputValueError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputValueError) return error;
    throw error;
  }
  throw new Error('expected an InputValueError');
}

describe('stage inputs: stages name them, the CLI words them as flags', () => {
  it('a stage error carries the input and names no flag; the CLI line names the flag', () => {
    const error = thrown(() => parsePeriod('Q3 2026'));
    expect(error.input).toBe('period');
    expect(error.message).toMatch(/^the period option must be a year/);
    expect(error.message).not.toContain('--');
    expect(cliLineOf(error)).toMatch(/^--period must be a year, half, quarter or month .*\(got 'Q3 2026'\)$/);
    expect(error.exitCode).toBe(EXIT_CODES.usage);
  });

  it('maps every input to a flag that a registered command really has', async () => {
    const program = new Command();
    for (const entry of COMMANDS) (await entry.load()).register(program);
    const flags = new Set<string>();
    const walk = (command: Command): void => {
      for (const option of command.options) if (option.long !== undefined) flags.add(option.long);
      for (const sub of command.commands) walk(sub);
    };
    walk(program);
    for (const flag of Object.values(FLAG_OF_INPUT)) expect(flags, `${flag} is no flag of any command`).toContain(flag);
  });

  it('prints the flag when a stage rejects a value given on the command line', async () => {
    const result = await cli('runs', '--db', join(dir, 'absent.db'), '--since', 'yesterday');
    expect(result.code).toBe(EXIT_CODES.store);
    expect(result.stderr).toBe(`kubevidence: ${join(dir, 'absent.db')}: no kubevidence database here (store a run first, or pass --db)\n`);
    const previous = process.env['KUBEVIDENCE_KEY_PASSWORD'];
    delete process.env['KUBEVIDENCE_KEY_PASSWORD'];
    try {
      const keygen = await cli('keygen', '--out', join(dir, 'key.p12'), '--subject', 'O=Example');
      expect(keygen.code).toBe(EXIT_CODES.usage);
      expect(keygen.stderr).toBe('kubevidence: no key password: set KUBEVIDENCE_KEY_PASSWORD or pass --key-password-file FILE\n');
    } finally {
      if (previous !== undefined) process.env['KUBEVIDENCE_KEY_PASSWORD'] = previous;
    }
  });
});
