import { Command, CommanderError } from 'commander';
import { EXIT_CODES, KvError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { COMMANDS, type CommandEntry } from './commands/index.js';
import { cliLineOf } from './shared/input-flags.js';

/**
 * The only place that decides what reaches the terminal on failure and which exit code the process ends with.
 * Errors are one line (`file:line field: message`); a stack trace only with KUBEVIDENCE_DEBUG=1.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('kubevidence')
    .description('Kubernetes evidence, checked, mapped onto compliance frameworks, stored and signed.')
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const entry of commandsNeededFor(argv)) (await entry.load()).register(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_CODES.ok;
  } catch (error) {
    return exitCodeFor(error);
  }
}

/**
 * Only the command being run is loaded: `kubevidence evaluate …` imports evaluate's stages and nothing else, and
 * `--version` imports no command at all. Help, `help <command>`, no arguments and an unknown name load every command,
 * so that commander can list them or suggest the nearest name.
 */
export function commandsNeededFor(argv: readonly string[]): readonly CommandEntry[] {
  const first = argv.find((argument) => !argument.startsWith('-'));
  const named = COMMANDS.find((entry) => entry.name === first);
  if (named !== undefined) return [named];
  const onlyVersion = argv.length > 0 && argv.every((argument) => argument === '--version' || argument === '-V');
  return onlyVersion ? [] : COMMANDS;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (error instanceof KvError) {
    process.stderr.write(`kubevidence: ${cliLineOf(error)}\n`);
    if (error.hint !== undefined) process.stderr.write(`hint: ${error.hint}\n`);
    if (process.env['KUBEVIDENCE_DEBUG'] === '1') process.stderr.write(`${String(error.stack)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`kubevidence: internal error: ${message.split('\n')[0]}\n`);
  if (process.env['KUBEVIDENCE_DEBUG'] === '1' && error instanceof Error) process.stderr.write(`${String(error.stack)}\n`);
  return EXIT_CODES.internal;
}
