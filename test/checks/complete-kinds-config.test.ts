import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { KvError } from '../../src/errors.js';
import { sourceOf } from '../../src/schedule/config-runner.js';

/** The config-file side of the absent-kinds rule and of the Pod Security Standards inputs. */
const dir = mkdtempSync(join(tmpdir(), 'kv-complete-kinds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string) {
  const file = join(dir, 'kubevidence.yaml');
  writeFileSync(file, text);
  return loadConfig(file, () => null);
}

describe('kubevidence.yaml completeKinds and PSS inputs', () => {
  it('passes completeKinds of a fromFile cluster to the snapshot source', () => {
    const config = load('clusters:\n  - name: lab\n    fromFile: ./manifests\n    completeKinds: [Role, ClusterRole]\ninputs:\n  pssVersion: v1.30\n  pssMode: audit\n');
    expect(sourceOf(config.clusters[0]!)).toEqual({ type: 'file', path: join(dir, 'manifests'), clusterName: 'lab', completeKinds: ['Role', 'ClusterRole'] });
    expect(config.inputs).toEqual({ pssVersion: 'v1.30', pssMode: 'audit' });
  });

  it('refuses completeKinds on a live cluster and a pssVersion that is not one, naming line and field', () => {
    const error = (text: string): string => {
      try {
        load(text);
      } catch (thrown) {
        if (thrown instanceof KvError) return thrown.toLine();
      }
      return 'no error';
    };
    expect(error('clusters:\n  - name: prod\n    context: prod\n    completeKinds: ["*"]\n')).toMatch(/clusters\[0\]\.completeKinds: completeKinds describes fromFile manifests/);
    expect(error('clusters:\n  - name: lab\n    fromFile: ./m\ninputs:\n  pssVersion: newest\n')).toMatch(/inputs\.pssVersion: expected latest or a version like v1\.30/);
  });
});
