import { KvError } from '../../src/errors.js';

/** The KvError `action` throws; fails the test if it throws anything else or nothing. */
export function kvErrorOf(action: () => unknown): KvError {
  try {
    action();
  } catch (error) {
    if (error instanceof KvError) return error;
    throw error;
  }
  throw new Error('expected a KvError, but nothing was thrown');
}
