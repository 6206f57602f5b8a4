import type { Gap, GapReason } from '../domain/snapshot.js';
import type { RequestFailure } from './retry.js';

/**
 * The one mapping from a failed read to a gap reason. 401 and 403 say the collector may not read it,
 * 404 that the server does not serve the API; everything else (5xx after retries, 410 after restarts,
 * timeouts, bodies cut short) is an `error`. None of them may ever read as "there were none".
 */
export function gapReasonOf(failure: RequestFailure): GapReason {
  switch (failure.status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-served';
    default:
      return 'error';
  }
}

/** A gap for a kind (and node, for kubelet configuration) that could not be read. */
export function gapOf(kind: string, failure: RequestFailure, node?: string): Gap {
  const attempts = failure.attempts > 1 ? ` (after ${failure.attempts} attempts)` : '';
  return {
    kind,
    ...(node === undefined ? {} : { node }),
    reason: gapReasonOf(failure),
    ...(failure.status === undefined ? {} : { httpStatus: failure.status }),
    detail: `${failure.message}${attempts}`,
  };
}
