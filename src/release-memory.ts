import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * A full garbage collection, at a stage boundary of a long batch job. V8 sizes its old generation from the
 * largest live heap it has seen: after the store stage held a 50,000-object snapshot and its findings, the
 * report stages could grow the heap to twice that before collecting, and peak RSS then depended on when a
 * collection happened to run (bench/results.json has the measurements). Collecting where a stage has let its
 * data go resets that limit to what is live. `gc` is exposed in a throwaway context only, not to the program.
 */
export function releaseMemory(): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
