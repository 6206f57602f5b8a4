import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDemoSnapshot, DEMO_PERIODS, demoSnapshotPath, serialiseSnapshot } from '../../demo/build-snapshots.js';

describe('bundled demo snapshots', () => {
  for (const period of DEMO_PERIODS) {
    it(`${period} is up to date with demo/manifests and demo/kubelet (regenerate: node --import tsx demo/build-snapshots.ts)`, () => {
      expect(readFileSync(demoSnapshotPath(period), 'utf8')).toBe(serialiseSnapshot(buildDemoSnapshot(period)));
    });
  }
});
