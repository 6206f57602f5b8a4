import { describe, expect, it } from 'vitest';
import { deriveResults, isAttestationValid } from '../../src/catalog/index.js';
import type { Attestation } from '../../src/domain/attestation.js';
import type { Requirement, RequirementResult } from '../../src/domain/catalogue.js';
import type { Finding } from '../../src/domain/finding.js';
import { makeAttestation, makeCatalogue, makeCheck, makeFinding, makeRequirement } from '../support/catalog-builders.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const CHECKS = [makeCheck('a.one', 'medium'), makeCheck('a.two', 'critical'), makeCheck('a.three', 'low')];

function derive(requirement: Requirement, findings: readonly Finding[], attestations: readonly Attestation[] = [], now = NOW): RequirementResult {
  const [result] = deriveResults(findings, [makeCatalogue('fw', [requirement])], attestations, now, CHECKS);
  if (result === undefined) throw new Error('no result');
  return result;
}

describe('requirement status from automated evidence', () => {
  const requirement = makeRequirement('R1', ['a.one', 'a.two']);

  it('passes when every finding of every check passes', () => {
    const result = derive(requirement, [makeFinding('a.one', 'pass'), makeFinding('a.two', 'pass'), makeFinding('a.two', 'pass')]);
    expect(result).toMatchObject({ status: 'pass', basis: 'automated', checks: ['a.one', 'a.two'], worstSeverity: null, fullyEvidenced: true });
    expect(result.counts).toEqual({ pass: 3, fail: 0, unknown: 0, waived: 0, 'not-applicable': 0 });
    expect(result.summary).toBe('All 3 applicable findings pass.');
  });

  it('fails when any finding fails, with the worst severity of the failing checks', () => {
    const result = derive(requirement, [makeFinding('a.one', 'fail'), makeFinding('a.two', 'fail'), makeFinding('a.two', 'unknown')]);
    expect(result).toMatchObject({ status: 'fail', worstSeverity: 'critical', fullyEvidenced: false });
    expect(result.summary).toBe('2 of 3 findings fail (a.one, a.two).');
  });

  it('fail outranks unknown and waived', () => {
    const result = derive(requirement, [makeFinding('a.one', 'fail'), makeFinding('a.one', 'waived'), makeFinding('a.two', 'unknown')]);
    expect(result.status).toBe('fail');
    expect(result.worstSeverity).toBe('medium');
    expect(result.summary).toBe('1 of 3 findings fails (a.one), 1 waived failure (accepted risk).');
  });

  it('is unknown when nothing fails but some evidence is unknown', () => {
    const result = derive(requirement, [makeFinding('a.one', 'pass'), makeFinding('a.two', 'unknown')]);
    expect(result).toMatchObject({ status: 'unknown', worstSeverity: null, fullyEvidenced: false });
    expect(result.summary).toBe('No failures, but evidence is missing: 1 finding unknown.');
  });

  it('is unknown, never pass, when one of its checks produced no finding at all', () => {
    const result = derive(requirement, [makeFinding('a.one', 'pass')]);
    expect(result.status).toBe('unknown');
    expect(result.summary).toBe('No failures, but evidence is missing: no findings from a.two.');
  });

  it('is unknown when the check was not evaluated and there are no findings at all', () => {
    expect(derive(makeRequirement('R2', ['custom.not-loaded']), []).status).toBe('unknown');
  });

  it('is partial, not pass, when the only non-passing findings are waived; waivers never count as passes', () => {
    const result = derive(requirement, [makeFinding('a.one', 'pass'), makeFinding('a.two', 'waived'), makeFinding('a.two', 'waived')]);
    expect(result).toMatchObject({ status: 'partial', worstSeverity: null, fullyEvidenced: false });
    expect(result.counts).toMatchObject({ pass: 1, waived: 2 });
    expect(result.summary).toBe('Passes except 2 waived failures (accepted risk: a.two).');
  });

  it('unknown outranks waived', () => {
    expect(derive(requirement, [makeFinding('a.one', 'unknown'), makeFinding('a.two', 'waived')]).status).toBe('unknown');
  });

  it('is not-applicable when every finding is not-applicable', () => {
    const result = derive(requirement, [makeFinding('a.one', 'not-applicable'), makeFinding('a.two', 'not-applicable')]);
    expect(result).toMatchObject({ status: 'not-applicable', fullyEvidenced: false });
    expect(result.summary).toBe('Not applicable: all 2 findings are not-applicable.');
  });

  it('passes when findings are a mix of pass and not-applicable', () => {
    expect(derive(requirement, [makeFinding('a.one', 'not-applicable'), makeFinding('a.two', 'pass')]).status).toBe('pass');
  });

  it('ignores findings of checks the requirement does not name', () => {
    const result = derive(requirement, [makeFinding('a.one', 'pass'), makeFinding('a.two', 'pass'), makeFinding('a.three', 'fail')]);
    expect(result.status).toBe('pass');
    expect(result.counts.fail).toBe(0);
  });
});

describe('coverage and manual evidence of automated requirements', () => {
  const partial = makeRequirement('P1', ['a.one'], { coverage: 'partial', manualEvidence: ['access review records'] });
  const passing = [makeFinding('a.one', 'pass')];

  it('a passing requirement with partial coverage passes but is not fully evidenced', () => {
    const result = derive(partial, passing);
    expect(result).toMatchObject({ status: 'pass', basis: 'automated', fullyEvidenced: false, attestations: [] });
    expect(result.summary).toBe('The only applicable finding passes; checks cover part of the requirement; manual evidence not attested.');
  });

  it('becomes fully evidenced when its manual evidence is attested and unexpired', () => {
    const result = derive(partial, passing, [makeAttestation('fw', 'P1')]);
    expect(result).toMatchObject({ status: 'pass', basis: 'automated', fullyEvidenced: true, attestations: ['att-P1'] });
    expect(result.summary).toBe('The only applicable finding passes; manual evidence attested by Ada Auditor <ada@example.com> (att-P1).');
  });

  it('an attestation does not turn failing automated evidence into a pass', () => {
    const result = derive(partial, [makeFinding('a.one', 'fail')], [makeAttestation('fw', 'P1')]);
    expect(result).toMatchObject({ status: 'fail', basis: 'automated', fullyEvidenced: false });
  });

  it('an expired attestation does not count and is named', () => {
    const result = derive(partial, passing, [makeAttestation('fw', 'P1', { expiresAt: '2025-05-31' })]);
    expect(result).toMatchObject({ fullyEvidenced: false, attestations: [] });
    expect(result.summary).toBe('The only applicable finding passes; checks cover part of the requirement; manual evidence attestation att-P1 expired on 2025-05-31.');
  });
});

describe('requirements with only manual evidence', () => {
  const manual = makeRequirement('M1', []);

  it('are manual until attested', () => {
    const result = derive(manual, [makeFinding('a.one', 'fail')]);
    expect(result).toEqual({
      framework: 'fw',
      requirement: 'M1',
      status: 'manual',
      checks: [],
      basis: 'none',
      counts: { pass: 0, fail: 0, unknown: 0, waived: 0, 'not-applicable': 0 },
      worstSeverity: null,
      attestations: [],
      fullyEvidenced: false,
      summary: 'Manual evidence required; not attested.',
    });
  });

  it('pass with basis attested while an attestation is unexpired', () => {
    const result = derive(manual, [], [makeAttestation('fw', 'M1')]);
    expect(result).toMatchObject({ status: 'pass', basis: 'attested', attestations: ['att-M1'], fullyEvidenced: true });
    expect(result.summary).toBe('Attested by Ada Auditor <ada@example.com> on 2025-01-10 (att-M1), valid until 2025-12-31.');
  });

  it('go back to manual once the attestation has expired', () => {
    const result = derive(manual, [], [makeAttestation('fw', 'M1', { expiresAt: '2025-03-01' })]);
    expect(result).toMatchObject({ status: 'manual', basis: 'none', attestations: [] });
    expect(result.summary).toBe('Manual evidence required; attestation att-M1 expired on 2025-03-01.');
  });

  it('list every valid attestation and describe the latest', () => {
    const older = makeAttestation('fw', 'M1', { id: 'att-old', createdAt: '2025-01-01T00:00:00Z', expiresAt: null });
    const newer = makeAttestation('fw', 'M1', { id: 'att-new', createdAt: '2025-05-01T00:00:00Z', by: 'Bo <bo@example.com>' });
    const result = derive(manual, [], [newer, older]);
    expect(result.attestations).toEqual(['att-old', 'att-new']);
    expect(result.summary).toBe('Attested by Bo <bo@example.com> on 2025-05-01 (att-new), valid until 2025-12-31.');
  });

  it('ignore attestations of another framework or requirement, and those made after the evaluation time', () => {
    const others = [
      makeAttestation('other', 'M1'),
      makeAttestation('fw', 'M2'),
      makeAttestation('fw', 'M1', { createdAt: '2025-07-01T00:00:00Z' }),
    ];
    expect(derive(manual, [], others)).toMatchObject({ status: 'manual', summary: 'Manual evidence required; not attested.' });
  });
});

describe('attestation validity', () => {
  it('a date-only expiry lasts through the end of that day (UTC)', () => {
    const attestation = makeAttestation('fw', 'M1', { expiresAt: '2025-06-01' });
    expect(isAttestationValid(attestation, new Date('2025-06-01T23:59:59Z'))).toBe(true);
    expect(isAttestationValid(attestation, new Date('2025-06-02T00:00:00Z'))).toBe(false);
  });

  it('a timestamp expiry ends at that instant; null never expires; unreadable dates do not count', () => {
    expect(isAttestationValid(makeAttestation('fw', 'M1', { expiresAt: '2025-06-01T12:00:00Z' }), NOW)).toBe(false);
    expect(isAttestationValid(makeAttestation('fw', 'M1', { expiresAt: null }), new Date('2099-01-01T00:00:00Z'))).toBe(true);
    expect(isAttestationValid(makeAttestation('fw', 'M1', { expiresAt: 'soon' }), NOW)).toBe(false);
  });
});

describe('deriveResults', () => {
  it('returns one result per requirement, in catalogue and requirement order, and is deterministic', () => {
    const catalogues = [
      makeCatalogue('fw-b', [makeRequirement('2', ['a.one']), makeRequirement('1', [])]),
      makeCatalogue('fw-a', [makeRequirement('X', ['a.two'])]),
    ];
    const findings = [makeFinding('a.one', 'pass', 'p'), makeFinding('a.two', 'fail', 'q')];
    const first = deriveResults(findings, catalogues, [], NOW, CHECKS);
    expect(first.map(({ framework, requirement, status }) => `${framework} ${requirement} ${status}`)).toEqual(['fw-b 2 pass', 'fw-b 1 manual', 'fw-a X fail']);
    expect(JSON.stringify(deriveResults(findings, catalogues, [], NOW, CHECKS))).toBe(JSON.stringify(first));
  });
});
