import { existsSync, statSync } from 'node:fs';

/**
 * Bytes a store occupies on disk: the database file plus its WAL and shared-memory files, should a checkpoint
 * not have folded them in yet. Measured after the store is closed (SQLite checkpoints and removes the WAL on the
 * last close), so this is the size a user would see with `ls -l`.
 */
export function databaseBytes(path: string): number {
  return [path, `${path}-wal`, `${path}-shm`].reduce((total, file) => total + (existsSync(file) ? statSync(file).size : 0), 0);
}
