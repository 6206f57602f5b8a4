import { mkdirSync, openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One collection per cluster at a time, across every process that shares a database: a lock file created
 * with O_EXCL next to the database. A lock left by a process that died (same host, pid gone) is taken over,
 * so a crash never blocks collection for good.
 */
export interface ClusterLock {
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export function lockDirFor(databasePath: string): string {
  return `${databasePath}.locks`;
}

/** Takes the lock, or returns the current owner when another live process holds it. */
export function tryLockCluster(databasePath: string, cluster: string, now: Date = new Date()): ClusterLock | LockOwner {
  const dir = lockDirFor(databasePath);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${encodeURIComponent(cluster)}.lock`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: now.toISOString() };
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      return { release: () => unlinkQuietly(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readOwner(path);
      if (holder !== undefined && !isStale(holder)) return holder;
      unlinkQuietly(path);
    }
  }
  return readOwner(path) ?? { pid: -1, host: 'unknown', since: now.toISOString() };
}

export function isLock(value: ClusterLock | LockOwner): value is ClusterLock {
  return 'release' in value;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false; // cannot see other hosts' processes: trust their lock
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
