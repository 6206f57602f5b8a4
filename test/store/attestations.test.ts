import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/errors.js';
import type { EvidenceStore, NewAttestation } from '../../src/store/index.js';
import { sha256Hex } from '../../src/store/canonical.js';
import { kvErrorOf } from '../support/kv-error.js';
import { freshStorePerTest, type TempDir } from '../support/store-runs.js';

let dir: TempDir;
let store: EvidenceStore;
freshStorePerTest((opened) => ({ dir, store } = opened));

function attestation(overrides: Partial<NewAttestation> = {}): NewAttestation {
  return { framework: 'pci-dss-4.0', requirement: '12.1.1', by: 'Ada Lovelace <ada@example.com>', note: 'Security policy approved by the board.', expiresAt: '2026-12-31', files: [], createdAt: '2026-01-15T09:30:00Z', ...overrides };
}

describe('attestations', () => {
  it('stores attached files content-addressed and reads them back byte for byte', () => {
    const policy = dir.file('policy.pdf');
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    writeFileSync(policy, bytes);
    const stored = store.addAttestation(attestation({ files: [policy] }));
    expect(stored.id).toMatch(/^att-[0-9a-f]{16}$/);
    expect(stored.createdAt).toBe('2026-01-15T09:30:00.000Z');
    expect(stored.files).toEqual([{ name: 'policy.pdf', sha256: sha256Hex(bytes), size: bytes.length }]);
    expect(store.readAttachment(sha256Hex(bytes))).toEqual(bytes);
    expect(store.listAttestations()).toEqual([stored]);
  });

  it('returns the stored attestation when the same one is added again', () => {
    const first = store.addAttestation(attestation());
    expect(store.addAttestation(attestation())).toEqual(first);
    expect(store.listAttestations()).toHaveLength(1);
  });

  it('fails on a missing file with an input error naming it, and stores nothing', () => {
    const missing = dir.file('nowhere.pdf');
    const error = kvErrorOf(() => store.addAttestation(attestation({ files: [missing] })));
    expect(error.exitCode).toBe(EXIT_CODES.badInput);
    expect(error.toLine()).toBe(`${missing}: ${missing}: no such file`);
    expect(store.listAttestations()).toEqual([]);
  });

  it('counts an attestation through the end of its expiry day (UTC), and not after', () => {
    store.addAttestation(attestation({ requirement: 'expiring', expiresAt: '2026-06-30' }));
    store.addAttestation(attestation({ requirement: 'forever', expiresAt: null }));
    store.addAttestation(attestation({ framework: 'hipaa', requirement: 'h', expiresAt: null }));
    const valid = (at: string): string[] => store.listAttestations({ framework: 'pci-dss-4.0', validAt: new Date(at) }).map((a) => a.requirement);
    expect(valid('2026-06-30T23:59:59Z')).toEqual(['expiring', 'forever']);
    expect(valid('2026-07-01T00:00:00Z')).toEqual(['forever']);
    // Not valid before it was made.
    expect(valid('2026-01-01T00:00:00Z')).toEqual([]);
  });

  it('names an unknown attachment', () => {
    expect(kvErrorOf(() => store.readAttachment('0'.repeat(64))).code).toBe('store.attachment-missing');
  });
});
