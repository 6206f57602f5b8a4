import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { PROJECT_ROOT } from '../../version.js';

const STARTER = join(PROJECT_ROOT, 'controls', 'examples', 'kubevidence.yaml');

export function register(program: Command): void {
  program
    .command('init')
    .description('Write a commented starter kubevidence.yaml.')
    .option('--out <file>', 'where to write it', 'kubevidence.yaml')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', '\nExample:\n  kubevidence init && kubevidence schedule --check')
    .action((flags: { out: string; force?: boolean }) => {
      if (existsSync(flags.out) && flags.force !== true) throw usageError(`${flags.out} exists; pass --force to overwrite it`);
      copyFileSync(STARTER, flags.out);
      process.stdout.write(`wrote ${flags.out}: edit clusters, then check it with: kubevidence schedule --check --config ${flags.out}\n`);
    });
}
