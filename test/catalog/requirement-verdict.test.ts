import { describe, expect, it } from 'vitest';
import { deriveResults } from '../../src/catalog/index.js';
import {
  AUTOMATED_PASS_MANUAL_REQUIRED_LABEL,
  fullyEvidencedLine,
  headlineOf,
  isFullPass,
  scoreLine,
  verdictLabelOf,
  verdictOf,
} from '../../src/domain/requirement-verdict.js';
import { makeAttestation, makeCatalogue, makeCheck, makeFinding, makeRequirement } from '../support/catalog-builders.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const CHECKS = [makeCheck('c.pass'), makeCheck('c.fail'), makeCheck('c.unknown')];
const FINDINGS = [makeFinding('c.pass', 'pass'), makeFinding('c.fail', 'fail'), makeFinding('c.unknown', 'unknown')];
const partial = { coverage: 'partial' as const, manualEvidence: ['review records'] };

function resultOf(requirement: ReturnType<typeof makeRequirement>, attestations = [makeAttestation('fw', 'none-such')]) {
  const [result] = deriveResults(FINDINGS, [makeCatalogue('fw', [requirement])], attestations, NOW, CHECKS);
  if (result === undefined) throw new Error('no result');
  return result;
}

describe('requirement verdict', () => {
  it('a pass of checks that cover only part of a requirement is never a plain pass', () => {
    const result = resultOf(makeRequirement('r', ['c.pass'], partial));
    expect(result.status).toBe('pass');
    expect(verdictOf(result)).toBe('automated-pass-manual-required');
    expect(verdictLabelOf(result)).toBe(AUTOMATED_PASS_MANUAL_REQUIRED_LABEL);
    expect(verdictLabelOf(result)).toBe('automated checks pass — manual evidence still required');
    expect(isFullPass(result)).toBe(false);
  });

  it('the same pass is fully evidenced once an unexpired attestation covers the manual part, and not after it expires', () => {
    const attested = resultOf(makeRequirement('r', ['c.pass'], partial), [makeAttestation('fw', 'r')]);
    expect(verdictOf(attested)).toBe('fully-evidenced');
    expect(verdictLabelOf(attested)).toBe('pass (checks pass, manual part attested)');
    const expired = resultOf(makeRequirement('r', ['c.pass'], partial), [makeAttestation('fw', 'r', { expiresAt: '2025-05-31' })]);
    expect(verdictOf(expired)).toBe('automated-pass-manual-required');
  });

  it('full coverage passes are plain passes; attested manual requirements read "pass (attested)"', () => {
    expect(verdictLabelOf(resultOf(makeRequirement('r', ['c.pass'])))).toBe('pass');
    expect(verdictLabelOf(resultOf(makeRequirement('r', []), [makeAttestation('fw', 'r')]))).toBe('pass (attested)');
  });

  it('other statuses keep their name, whatever the coverage', () => {
    expect(verdictOf(resultOf(makeRequirement('r', ['c.fail'], partial)))).toBe('fail');
    expect(verdictOf(resultOf(makeRequirement('r', ['c.unknown'], partial)))).toBe('unknown');
    expect(verdictOf(resultOf(makeRequirement('r', [])))).toBe('manual');
  });

  it('headline and score lines print the numerator and denominator beside the percentage', () => {
    const results = [makeRequirement('a', ['c.pass']), makeRequirement('b', ['c.pass'], partial), makeRequirement('c', ['c.fail']), makeRequirement('m', [])].map((requirement) => resultOf(requirement));
    const headline = headlineOf(results);
    expect(fullyEvidencedLine(headline)).toBe('fully evidenced 1 of 4 requirements');
    expect(scoreLine(66.7, headline)).toBe('score 66.7 % (2 of 3 automated requirements pass)');
    expect(scoreLine(null, headline)).toBe('no score (no automated requirement with evidence)');
    expect(scoreLine(50, undefined)).toContain('denominator not recorded');
  });
});
