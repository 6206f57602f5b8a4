import { describe, expect, it } from 'vitest';
import { deriveResults, scoreFrameworks } from '../../src/catalog/index.js';
import { makeAttestation, makeCatalogue, makeCheck, makeFinding, makeRequirement } from '../support/catalog-builders.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const CHECKS = [makeCheck('c.pass'), makeCheck('c.fail-high', 'high'), makeCheck('c.fail-low', 'low'), makeCheck('c.unknown'), makeCheck('c.waived'), makeCheck('c.na')];
const FINDINGS = [
  makeFinding('c.pass', 'pass'),
  makeFinding('c.fail-high', 'fail'),
  makeFinding('c.fail-high', 'fail'),
  makeFinding('c.fail-low', 'fail'),
  makeFinding('c.unknown', 'unknown'),
  makeFinding('c.waived', 'waived'),
  makeFinding('c.na', 'not-applicable'),
];

function scoreOf(requirements: Parameters<typeof makeCatalogue>[1], attestations = [makeAttestation('fw', 'attested')]) {
  const results = deriveResults(FINDINGS, [makeCatalogue('fw', requirements)], attestations, NOW, CHECKS);
  const [score] = scoreFrameworks(results, FINDINGS, CHECKS);
  return score;
}

describe('framework score', () => {
  it('is passing automated requirements over pass + fail + partial + unknown, to one decimal', () => {
    const score = scoreOf([
      makeRequirement('p1', ['c.pass']),
      makeRequirement('p2', ['c.pass', 'c.na']),
      makeRequirement('f1', ['c.fail-high']),
      makeRequirement('u1', ['c.unknown']),
      makeRequirement('w1', ['c.waived']),
      makeRequirement('n1', ['c.na']),
      makeRequirement('m1', []),
      makeRequirement('attested', []),
    ]);
    // 2 pass of (2 pass + 1 fail + 1 partial + 1 unknown); n/a, manual and attested pass take no part.
    expect(score).toEqual({
      framework: 'fw',
      score: 40,
      counts: { pass: 3, fail: 1, partial: 1, unknown: 1, manual: 1, 'not-applicable': 1 },
      failingBySeverity: { critical: 0, high: 2, medium: 0, low: 0, info: 0 },
    });
  });

  it('rounds to one decimal', () => {
    expect(scoreOf([makeRequirement('p1', ['c.pass']), makeRequirement('p2', ['c.pass']), makeRequirement('f1', ['c.fail-low'])])?.score).toBe(66.7);
  });

  it('is null when no requirement has automated evidence to score', () => {
    expect(scoreOf([makeRequirement('m1', []), makeRequirement('attested', []), makeRequirement('n1', ['c.na'])])?.score).toBeNull();
  });

  it('counts each failing finding once, even when several failed requirements share its check', () => {
    const score = scoreOf([makeRequirement('f1', ['c.fail-high', 'c.fail-low']), makeRequirement('f2', ['c.fail-high'])]);
    expect(score?.failingBySeverity).toEqual({ critical: 0, high: 2, medium: 0, low: 1, info: 0 });
  });

  it('gives one score per framework, in the order frameworks appear', () => {
    const results = deriveResults(
      FINDINGS,
      [makeCatalogue('b', [makeRequirement('1', ['c.pass'])]), makeCatalogue('a', [makeRequirement('1', ['c.fail-low'])])],
      [],
      NOW,
      CHECKS,
    );
    expect(scoreFrameworks(results, FINDINGS, CHECKS).map(({ framework, score }) => [framework, score])).toEqual([
      ['b', 100],
      ['a', 0],
    ]);
  });
});
