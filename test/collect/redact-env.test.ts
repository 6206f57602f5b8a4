import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import literalEnvValues from '../../src/checks/secrets/literal-env-values.js';
import { REDACTED_CREDENTIAL } from '../../src/domain/secret-patterns.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';
import { buildDemoSnapshot } from '../../demo/build-snapshots.js';

const DEMO_PAYMENTS = new URL('../../demo/manifests/common/60-payments.yaml', import.meta.url).pathname;

describe('credential-looking env literals', () => {
  it('are replaced at collection, before evaluation sees them, and still fail the check by name', () => {
    const snapshot = snapshotOf(readManifests(DEMO_PAYMENTS));
    const serialised = JSON.stringify(snapshot);
    expect(serialised).not.toContain('S3cure-But-Hardcoded-2026!');
    expect(serialised).not.toContain('hunter2-but-longer');
    expect(serialised).toContain(REDACTED_CREDENTIAL);

    const [finding] = evaluateChecks(snapshot, [literalEnvValues]).filter((item) => item.resource.name === 'payment-gateway');
    expect(finding?.status).toBe('fail');
    expect(finding?.evidence).toEqual([{ path: 'spec.template.spec.containers[0].env[1].name', observed: 'DB_PASSWORD', expected: 'a valueFrom.secretKeyRef instead of a literal value' }]);
  });

  it('keep ordinary values (host names, ports) as evidence', () => {
    const snapshot = snapshotOf(readManifests(DEMO_PAYMENTS));
    expect(JSON.stringify(snapshot)).toContain('payments-db.payments.svc');
  });

  it('never reach the committed demo snapshots', () => {
    for (const period of ['2026-03-31', '2026-06-30', '2026-09-30'] as const) {
      const text = JSON.stringify(buildDemoSnapshot(period));
      expect(text).not.toContain('S3cure-But-Hardcoded-2026!');
      expect(text).not.toContain('c2tfbGl2ZV9kZW1vX25vdF9hX3JlYWxfa2V5'); // Secret data
    }
  });
});
