import { describe, expect, it } from 'vitest';
import { gapOf, gapReasonOf } from '../../src/collect/gaps.js';
import { COLLECTED_KINDS } from '../../src/collect/kinds.js';
import { listPathOf } from '../../src/collect/list-resources.js';
import { retryAfterOf, retryDelayMs } from '../../src/collect/retry.js';

const POLICY = { baseDelayMs: 100, maxAttempts: 5, maxDelayMs: 10_000 } as const;

describe('retryDelayMs', () => {
  it('doubles from the base delay', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, undefined, POLICY))).toEqual([100, 200, 400, 800]);
  });

  it('waits exactly as long as Retry-After says, whatever the backoff would be', () => {
    expect(retryDelayMs(1, 3, POLICY)).toBe(3_000);
    expect(retryDelayMs(4, 0, POLICY)).toBe(0);
  });

  it('never waits longer than maxDelayMs', () => {
    expect(retryDelayMs(20, undefined, POLICY)).toBe(10_000);
    expect(retryDelayMs(1, 3_600, POLICY)).toBe(10_000);
  });
});

describe('retryAfterOf', () => {
  it('reads delay-seconds, the form the API server sends', () => {
    expect(retryAfterOf('1')).toBe(1);
    expect(retryAfterOf(['7'])).toBe(7);
  });

  it('reads an HTTP date as the seconds until then, and ignores junk', () => {
    expect(retryAfterOf(new Date(Date.now() - 5_000).toUTCString())).toBe(0);
    expect(retryAfterOf('soon')).toBeUndefined();
    expect(retryAfterOf(undefined)).toBeUndefined();
  });
});

describe('gap reasons', () => {
  it('maps every failure in one place', () => {
    const reasons = [401, 403, 404, 410, 429, 500, 503, undefined].map((status) => gapReasonOf({ ...(status === undefined ? { transport: 'timeout' as const } : { status }), message: 'm', attempts: 1 }));
    expect(reasons).toEqual(['unauthorized', 'forbidden', 'not-served', 'error', 'error', 'error', 'error', 'error']);
  });

  it('records status, node and how many attempts were made', () => {
    expect(gapOf('Node/configz', { status: 500, message: 'boom', attempts: 5 }, 'n1')).toEqual({ kind: 'Node/configz', node: 'n1', reason: 'error', httpStatus: 500, detail: 'boom (after 5 attempts)' });
  });
});

describe('listPathOf', () => {
  it('builds core and group paths with limit and continue', () => {
    const [namespace] = COLLECTED_KINDS;
    const deployment = COLLECTED_KINDS.find((kind) => kind.kind === 'Deployment');
    expect(namespace && listPathOf(namespace, 500)).toBe('/api/v1/namespaces?limit=500');
    expect(deployment && listPathOf(deployment, 5, 'a+b/c=')).toBe('/apis/apps/v1/deployments?limit=5&continue=a%2Bb%2Fc%3D');
  });
});
