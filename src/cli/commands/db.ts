import type { Command } from 'commander';
import { storeError } from '../../errors.js';
import { checkDatabaseFile, resolveDbPath } from '../../store/index.js';
import { withDbOption, type DbFlags } from '../shared/store-flags.js';
import { registerDbCopy } from '../shared/db-copy.js';

/** `kubevidence db check`. */
export function register(program: Command): void {
  const db = program.command('db').description('Maintain the evidence database.');
  withDbOption(db.command('check'))
    .description('Run SQLite integrity and foreign-key checks on the database; exit 5 when it is damaged.')
    .action((flags: DbFlags) => checkDatabase(flags));
  registerDbCopy(db);
}

function checkDatabase(flags: DbFlags): void {
  const path = resolveDbPath(flags.db);
  const report = { path, ...checkDatabaseFile(path) };
  if (report.ok) {
    process.stdout.write(`${report.path}: ok (integrity_check and foreign_key_check found no problem)\n`);
    return;
  }
  for (const problem of report.problems) process.stdout.write(`${problem}\n`);
  throw storeError('store.corrupt', `${report.path} is damaged: ${report.problems.length} problem(s) listed above; restore it from a backup`);
}
