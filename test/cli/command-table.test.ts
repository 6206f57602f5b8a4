import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { commandsNeededFor } from '../../src/cli/main.js';

describe('the lazily loaded command table', () => {
  it('names each command as its module registers it, in --help order, once', async () => {
    const program = new Command('kubevidence');
    for (const entry of COMMANDS) (await entry.load()).register(program);
    expect(program.commands.map((command) => command.name())).toEqual(COMMANDS.map((entry) => entry.name));
  });

  it('loads only the command being run', () => {
    expect(commandsNeededFor(['frameworks', '--format', 'json']).map((entry) => entry.name)).toEqual(['frameworks']);
    expect(commandsNeededFor(['evaluate', '--from-file', 'x.yaml']).map((entry) => entry.name)).toEqual(['evaluate']);
    expect(commandsNeededFor(['db', 'check']).map((entry) => entry.name)).toEqual(['db']);
  });

  it('loads no command for --version, and every command for help, no arguments or an unknown name', () => {
    expect(commandsNeededFor(['--version'])).toEqual([]);
    expect(commandsNeededFor(['-V'])).toEqual([]);
    for (const argv of [[], ['--help'], ['help', 'evaluate'], ['evalute']]) expect(commandsNeededFor(argv)).toBe(COMMANDS);
  });
});
