import { describe, expect, it } from 'vitest';
import { FINDING_STATUSES, worstOf, type FindingStatus } from '../../src/domain/status.js';

/**
 * The precedence table written out by hand, row = a, column = b, cell = worstOf(a, b).
 * Order, worst first: fail > unknown > waived > pass > not-applicable.
 */
const COLUMNS = ['fail', 'unknown', 'waived', 'pass', 'not-applicable'] as const;
const TABLE: Readonly<Record<FindingStatus, readonly FindingStatus[]>> = {
  fail: ['fail', 'fail', 'fail', 'fail', 'fail'],
  unknown: ['fail', 'unknown', 'unknown', 'unknown', 'unknown'],
  waived: ['fail', 'unknown', 'waived', 'waived', 'waived'],
  pass: ['fail', 'unknown', 'waived', 'pass', 'pass'],
  'not-applicable': ['fail', 'unknown', 'waived', 'pass', 'not-applicable'],
};

describe('worstOf precedence', () => {
  it('the table covers every status as row and column', () => {
    expect([...COLUMNS].sort()).toEqual([...FINDING_STATUSES].sort());
    expect(Object.keys(TABLE).sort()).toEqual([...FINDING_STATUSES].sort());
  });

  for (const a of FINDING_STATUSES) {
    for (const [column, b] of COLUMNS.entries()) {
      it(`worstOf(${a}, ${b}) = ${TABLE[a][column]}`, () => {
        expect(worstOf(a, b)).toBe(TABLE[a][column]);
      });
    }
  }

  it('is commutative, idempotent and associative', () => {
    for (const a of FINDING_STATUSES) {
      expect(worstOf(a, a)).toBe(a);
      for (const b of FINDING_STATUSES) {
        expect(worstOf(a, b)).toBe(worstOf(b, a));
        for (const c of FINDING_STATUSES) expect(worstOf(worstOf(a, b), c)).toBe(worstOf(a, worstOf(b, c)));
      }
    }
  });

  it('never lets missing evidence read as compliance: unknown beats pass and waived', () => {
    expect(['pass', 'waived', 'not-applicable'].map((status) => worstOf(status as FindingStatus, 'unknown'))).toEqual(['unknown', 'unknown', 'unknown']);
  });
});
