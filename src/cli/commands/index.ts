import type { Command } from 'commander';

/** Every command registers itself on the root program. */
export type RegisterCommand = (program: Command) => void;

/**
 * The commands, in the order of `--help`, each loaded only when it runs: importing a command module pulls in its
 * stages (client-node, pdfkit, better-sqlite3, handlebars…), which would cost every start-up, `--version` included.
 * `name` must be the name the module's `register` gives its command (test/cli/command-table.test.ts checks it).
 */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<{ readonly register: RegisterCommand }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'demo', load: () => import('./demo.js') },
  { name: 'init', load: () => import('./init.js') },
  { name: 'collect', load: () => import('./collect.js') },
  { name: 'evaluate', load: () => import('./evaluate.js') },
  { name: 'run', load: () => import('./run.js') },
  { name: 'schedule', load: () => import('./schedule.js') },
  { name: 'keygen', load: () => import('./keygen.js') },
  { name: 'frameworks', load: () => import('./frameworks.js') },
  { name: 'controls', load: () => import('./controls.js') },
  { name: 'runs', load: () => import('./runs.js') },
  { name: 'history', load: () => import('./history.js') },
  { name: 'diff', load: () => import('./diff.js') },
  { name: 'report', load: () => import('./report.js') },
  { name: 'packs', load: () => import('./packs.js') },
  { name: 'evidence', load: () => import('./evidence.js') },
  { name: 'attest', load: () => import('./attest.js') },
  { name: 'attestations', load: () => import('./attestations.js') },
  { name: 'prune', load: () => import('./prune.js') },
  { name: 'verify', load: () => import('./verify.js') },
  { name: 'db', load: () => import('./db.js') },
  { name: 'fleet', load: () => import('./fleet.js') },
];
