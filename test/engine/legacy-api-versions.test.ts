import { describe, expect, it } from 'vitest';
import { buildWorkloadSubjects } from '../../src/checks/workload-subjects.js';
import type { KubeObject } from '../../src/domain/snapshot.js';

const legacyDaemonSet = {
  // Shape of the old Polaris webhook cases: a DaemonSet still written against extensions/v1beta1.
  apiVersion: 'extensions/v1beta1',
  kind: 'DaemonSet',
  metadata: { name: 'fluentd', namespace: 'logging' },
  spec: { template: { metadata: { labels: { app: 'fluentd' } }, spec: { containers: [{ name: 'fluentd', image: 'fluent/fluentd:v1.16' }] } } },
} as unknown as KubeObject;

describe('workloads written against old API versions', () => {
  it('are examined through their pod template, not skipped', () => {
    const [subject] = buildWorkloadSubjects([legacyDaemonSet]);
    expect(subject?.ref).toEqual({ apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', namespace: 'logging', name: 'fluentd' });
    expect(subject?.specPath).toBe('spec.template.spec');
  });

  it('ignore look-alike kinds of unrelated groups', () => {
    const custom = { ...legacyDaemonSet, apiVersion: 'example.com/v1' } as KubeObject;
    expect(buildWorkloadSubjects([custom])).toEqual([]);
  });
});
