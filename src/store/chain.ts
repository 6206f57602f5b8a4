import type { RunFacts } from '../domain/run.js';
import { canonicalJson, sha256Hex } from './canonical.js';

/**
 * What a run's hash commits to. Large parts enter as digests: the evidence and findings lists as SHA-256 over
 * their members' 32-byte content addresses in run order, the results and scores as SHA-256 of their canonical
 * JSON, the context and checks as SHA-256 of their canonical JSON bytes. Verification recomputes every digest
 * from the stored content itself (never from a stored address), so editing any row a run rests on changes it.
 */
export interface RunHashInput extends RunFacts {
  readonly contextDigest: string;
  readonly checksDigest: string;
  readonly evidenceDigest: string;
  readonly findingsDigest: string;
  readonly resultsDigest: string;
  readonly scoresDigest: string;
  /** Hash of the run stored before this one for the same cluster; null for a cluster's first run. */
  readonly previousHash: string | null;
}

/** The run hash: SHA-256 (hex) of the canonical JSON of {@link RunHashInput} plus a format tag. */
export function runHashOf(input: RunHashInput): string {
  return sha256Hex(canonicalJson({ format: 'kubevidence.run.v1', ...input }));
}
