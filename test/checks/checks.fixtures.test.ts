import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { DEFAULT_INPUTS, type CheckInputs } from '../../src/checks/inputs.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';

/**
 * Walks test/checks/<check-id>/: `pass.*.yaml` must yield at least one pass and no fail or unknown for that
 * check, `fail.*.yaml` at least one fail, `unknown.*.yaml` at least one unknown and no fail.
 * A `*.snapshot.json` file is a whole Snapshot (for node configs and gaps); other files are manifests.
 * An optional `inputs.json` in the folder overrides the default check inputs for that folder's fixtures.
 */
const FIXTURES = new URL('.', import.meta.url).pathname;

const INPUTS_FILE = 'inputs.json';

function inputsOf(folder: string): CheckInputs {
  const path = join(folder, INPUTS_FILE);
  return existsSync(path) ? { ...DEFAULT_INPUTS, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<CheckInputs>) } : DEFAULT_INPUTS;
}

function loadFixture(path: string): Snapshot {
  return path.endsWith('.snapshot.json') ? (JSON.parse(readFileSync(path, 'utf8')) as Snapshot) : snapshotOf(readManifests(path));
}

describe('built-in check fixtures', () => {
  for (const check of BUILT_IN_CHECKS) {
    describe(check.id, () => {
      const folder = join(FIXTURES, check.id);
      const files = existsSync(folder) ? readdirSync(folder).filter((file) => file !== INPUTS_FILE).sort() : [];
      const inputs = inputsOf(folder);

      it('has at least one passing and one failing fixture', () => {
        expect(files.some((file) => file.startsWith('pass.'))).toBe(true);
        expect(files.some((file) => file.startsWith('fail.'))).toBe(true);
      });

      for (const file of files) {
        const expected = file.split('.')[0];
        it(`${file} → ${expected}`, () => {
          const findings = evaluateChecks(loadFixture(join(folder, file)), [check], inputs);
          const statuses = findings.map((finding) => finding.status);
          if (expected === 'pass') {
            expect(statuses).toContain('pass');
            expect(findings.filter((finding) => finding.status === 'fail' || finding.status === 'unknown')).toEqual([]);
          } else if (expected === 'fail') {
            expect(statuses).toContain('fail');
          } else if (expected === 'unknown') {
            expect(statuses).toContain('unknown');
            expect(statuses).not.toContain('fail');
          } else {
            throw new Error(`fixture ${file} must start with pass., fail. or unknown.`);
          }
        });
      }
    });
  }
});
