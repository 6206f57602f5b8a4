import { describe, expect, it } from 'vitest';
import { buildPackModel } from '../../src/report/index.js';
import { reportPackInput, reportRun } from '../support/report-fixtures.js';

describe('PackModel.auditor', () => {
  it('lists every waiver in the register, active or expired, and says "not provided" for fields a waiver never had', () => {
    const model = buildPackModel(reportPackInput());
    const register = model.auditor.waiverRegister;
    expect(register.length).toBe(model.waivers.applied.length + model.waivers.expired.length);
    expect(register.length).toBeGreaterThan(0);
    for (const row of register) {
      expect(row.approvedOn).toBe('not provided');
      expect(row.reference).toBe('not provided');
      expect(row.id).not.toMatch(/^\//);
    }
    expect(register.map((row) => row.state)).toContain('expired');
  });

  it('carries register fields as recorded', () => {
    const run = reportRun();
    const waiver = { ...run.waivers.applied[0]!.waiver, approvedOn: '2026-01-15', reference: 'SEC-1', riskRating: 'high', compensatingControl: 'WAF in front' };
    const model = buildPackModel(reportPackInput({ run: { ...run, waivers: { ...run.waivers, applied: [{ waiver, findings: 2 }] } } }));
    expect(model.auditor.waiverRegister[0]).toMatchObject({ approvedOn: '2026-01-15', reference: 'SEC-1', riskRating: 'high', compensatingControl: 'WAF in front', state: 'active', findings: 2 });
  });

  it('never invents sign-off: empty fields are "not provided", given ones are kept', () => {
    const empty = buildPackModel(reportPackInput()).auditor.signoff;
    expect(empty).toEqual({ preparedBy: 'not provided', preparedOn: 'not provided', reviewedBy: 'not provided', reviewedOn: 'not provided', assertion: 'not provided', provided: false });
    const given = buildPackModel(reportPackInput({ signoff: { preparedBy: 'Ana <ana@example.com>', assertion: '  ' } })).auditor.signoff;
    expect(given).toMatchObject({ preparedBy: 'Ana <ana@example.com>', reviewedBy: 'not provided', assertion: 'not provided', provided: true });
  });

  it('runs stored before provenance and scope existed make no live claim and say "not recorded"', () => {
    const auditor = buildPackModel(reportPackInput()).auditor;
    expect(auditor.liveCollection).toBe(false);
    expect(auditor.evidenceSourceLine).toBe('not recorded (run stored before provenance was recorded)');
    expect(auditor.collectedAtSource).toBe('not recorded');
  });
});
