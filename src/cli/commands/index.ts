import type { Command } from 'commander';
import { register as keygen } from './keygen.js';

/** Every command registers itself on the root program; order here is the order of `--help`. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  keygen,
];
