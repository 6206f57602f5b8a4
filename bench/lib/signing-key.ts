import { generateSelfSignedP12 } from '../../src/sign/index.js';

/** A fresh signing key for each measurement: the bench never reads a key from disk or from the environment. */
export const BENCH_KEY_PASSWORD = 'kubevidence-bench';

export interface BenchKey {
  readonly p12: Buffer;
  readonly ms: number;
}

export function freshSigningKey(now: Date): BenchKey {
  const started = performance.now();
  const p12 = generateSelfSignedP12({ subject: 'CN=kubevidence bench, O=kubevidence', password: BENCH_KEY_PASSWORD, now });
  return { p12, ms: performance.now() - started };
}
