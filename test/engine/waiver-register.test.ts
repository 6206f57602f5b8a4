import { describe, expect, it } from 'vitest';
import { loadWaivers } from '../../src/checks/waivers.js';
import { KvError, EXIT_CODES } from '../../src/errors.js';

const fixture = (name: string): string => new URL(`fixtures/waivers/${name}`, import.meta.url).pathname;
const DEMO = new URL('../../demo/waivers.yaml', import.meta.url).pathname;

function lineOfError(file: string): string {
  try {
    loadWaivers(file);
  } catch (error) {
    if (error instanceof KvError) {
      expect(error.exitCode).toBe(EXIT_CODES.badInput);
      return error.toLine();
    }
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

describe('the waiver register', () => {
  it('requires an approval date, next to approver and expiry', () => {
    expect(lineOfError(fixture('bad.missing-approval-date.yaml'))).toBe(`${fixture('bad.missing-approval-date.yaml')}:2 waivers[0].approvedOn: required`);
  });

  it('takes only the four risk ratings', () => {
    expect(lineOfError(fixture('bad.risk-rating.yaml'))).toBe(`${fixture('bad.risk-rating.yaml')}:7 waivers[0].riskRating: Invalid option: expected one of "low"|"medium"|"high"|"critical"`);
  });

  it('reads every register field, and names each waiver after the file, never its absolute local path', () => {
    const [first] = loadWaivers(DEMO);
    expect(first).toEqual({
      id: 'waivers.yaml:4',
      check: 'pss.baseline.host-namespaces',
      selector: { namespace: 'monitoring', kind: 'DaemonSet', name: 'node-exporter' },
      justification: 'Host metrics need the host network and PID namespaces; the DaemonSet runs read-only as nobody.',
      approver: 'Dana Smith <dana.smith@acme.example>',
      approvedOn: '2026-01-15',
      reference: 'SEC-2041',
      riskRating: 'medium',
      compensatingControl: 'The DaemonSet runs as nobody with a read-only root filesystem; a NetworkPolicy limits who can reach it.',
      expires: '2027-03-31',
    });
    expect(loadWaivers(DEMO).every((waiver) => !waiver.id.includes('/'))).toBe(true);
  });
});
