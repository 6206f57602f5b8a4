import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../../bench/generate-cluster.js';
import { loadSnapshotInput } from '../../src/collect/index.js';
import { evaluateChecks } from '../../src/checks/engine.js';
import { DEFAULT_INPUTS, type CheckInputs } from '../../src/checks/inputs.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { Finding } from '../../src/domain/finding.js';
import { describeRef, type Snapshot } from '../../src/domain/snapshot.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';

/**
 * Every finding — pass, fail, unknown, not-applicable — names what it read: at least one evidence line with a path.
 * Over the whole demo (three quarters), a generated bench cluster, and every fixture of every check.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'test/checks');

function withoutEvidence(findings: readonly Finding[]): string[] {
  return findings.filter((finding) => finding.evidence.length === 0 || finding.evidence.some((line) => line.path === '')).map((finding) => `${finding.check} ${finding.status} ${describeRef(finding.resource)}: ${finding.message}`);
}

function inputsOf(folder: string): CheckInputs {
  const path = join(folder, 'inputs.json');
  return existsSync(path) ? { ...DEFAULT_INPUTS, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<CheckInputs>) } : DEFAULT_INPUTS;
}

describe('every finding carries its evidence', () => {
  for (const quarter of ['2026-03-31', '2026-06-30', '2026-09-30']) {
    it(`demo snapshot ${quarter}`, () => {
      const findings = evaluateChecks(loadSnapshotInput(join(ROOT, `demo/snapshots/${quarter}.snapshot.json`)), BUILT_IN_CHECKS);
      expect(findings.filter((finding) => finding.status === 'pass').length).toBeGreaterThan(100);
      expect(withoutEvidence(findings)).toEqual([]);
    });
  }

  it('a generated bench cluster (2,000 objects)', () => {
    const cluster = generateCluster({ objects: 2_000 });
    const findings = evaluateChecks(snapshotOf(cluster.resources, { nodeConfigs: cluster.nodeConfigs }), BUILT_IN_CHECKS);
    expect(new Set(findings.map((finding) => finding.status))).toEqual(new Set(['pass', 'fail', 'unknown', 'not-applicable']));
    expect(withoutEvidence(findings)).toEqual([]);
  });

  it('every fixture of every check, for every status it yields', () => {
    const missing: string[] = [];
    for (const check of BUILT_IN_CHECKS) {
      const folder = join(FIXTURES, check.id);
      if (!existsSync(folder)) continue;
      for (const file of readdirSync(folder).filter((name) => name !== 'inputs.json')) {
        const path = join(folder, file);
        const snapshot: Snapshot = file.endsWith('.snapshot.json') ? (JSON.parse(readFileSync(path, 'utf8')) as Snapshot) : snapshotOf(readManifests(path));
        missing.push(...withoutEvidence(evaluateChecks(snapshot, [check], inputsOf(folder))).map((line) => `${file}: ${line}`));
      }
    }
    expect(missing).toEqual([]);
  });
});
