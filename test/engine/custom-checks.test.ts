import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCustomChecks } from '../../src/checks/cel/load-custom-checks.js';
import { checkMetadataSchema } from '../../src/checks/check-metadata-schema.js';
import { evaluateChecks } from '../../src/checks/engine.js';
import { loadSnapshotInput } from '../../src/collect/index.js';
import type { Finding } from '../../src/domain/finding.js';
import { COLLECTED_KIND_KEYS } from '../../src/collect/kinds.js';
import { EXIT_CODES, KvError } from '../../src/errors.js';
import { DEMO_MANIFESTS, fixture } from '../support/synthetic-checks.js';

const EXAMPLES = fileURLToPath(new URL('../../controls/examples/custom-checks', import.meta.url));

function loadError(path: string, reserved: readonly string[] = []): KvError {
  try {
    loadCustomChecks(path, reserved);
  } catch (error) {
    if (error instanceof KvError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be rejected`);
}

/** `name:status` per finding of one check. */
function verdicts(findings: readonly Finding[], check: string): Record<string, string> {
  return Object.fromEntries(findings.filter((finding) => finding.check === check).map((finding) => [finding.resource.name, finding.status]));
}

describe('loading custom checks', () => {
  it('loads YAML + CEL checks with the same metadata schema as built-ins, marked custom', () => {
    const checks = loadCustomChecks(EXAMPLES);
    expect(checks.map((check) => check.id)).toEqual(['custom.network.load-balancer-source-ranges', 'custom.images.no-latest-tag']);
    for (const check of checks) {
      expect(check.origin).toBe('custom');
      expect(checkMetadataSchema.safeParse(check).success).toBe(true);
    }
    expect(checks[0]?.reads).toEqual(['Service']);
    expect(checks[1]?.reads).toContain('CronJob.batch');
  });

  const BAD: readonly (readonly [string, number, string])[] = [
    ['bad.syntax-error.yaml', 12, `validations[0].expression: syntax error: Expected RPAREN, got EOF in 'podSpec.containers.all(c, c.image.endsWith(":1.0")'`],
    ['bad.unknown-variable.yaml', 12, "validations[0].expression: type error: Unknown variable: pod in 'pod.spec.hostNetwork != true'"],
    [
      'bad.pod-spec-without-workloads.yaml',
      12,
      "validations[0].expression: type error: Unknown variable: podSpec (podSpec and podMeta need match.workloads: true) in 'podSpec.hostNetwork != true'",
    ],
    ['bad.non-bool.yaml', 12, "validations[0].expression: must evaluate to a bool, not int in 'size(object.metadata.name) + 1'"],
    ['bad.match-condition-syntax.yaml', 13, expect.stringMatching(/^matchConditions\[0\]\.expression: syntax error: .+ in 'object\.spec\.type = 'LoadBalancer''$/) as unknown as string],
    ['bad.id-prefix.yaml', 4, "metadata.id: must start with 'custom.', like 'custom.images.no-latest-tag' (got 'images.no-latest')"],
    ['bad.missing-match.yaml', 9, 'match: list the kinds to check, or set workloads: true'],
    ['bad.not-workload-kind.yaml', 11, expect.stringMatching(/^match\.kinds\[1\]: 'Service' is not a workload kind \(one of Pod, Deployment\.apps, .+\)$/) as unknown as string],
    [
      'bad.pss-control.yaml',
      10,
      "metadata.references.pss.control: must be a restricted control named as in the Pod Security Standards: Volume Types, Privilege Escalation, Running as Non-root, Running as Non-root user, Seccomp, Capabilities (got 'Privileged Containers')",
    ],
  ];
  for (const [name, line, message] of BAD) {
    it(`rejects ${name} with one line naming file, line and field`, () => {
      const file = fixture(`custom-checks/${name}`);
      const error = loadError(file);
      const [where, ...rest] = error.toLine().split(' ');
      expect(where).toBe(`${file}:${line}`);
      expect(rest.join(' ')).toEqual(message);
      expect(error.toLine()).not.toContain('\n');
      expect(error.exitCode).toBe(EXIT_CODES.badInput);
    });
  }

  it('rejects an id defined twice, naming where it was first defined', () => {
    const folder = fixture('custom-checks/duplicate-id');
    expect(loadError(folder).toLine()).toBe(`${folder}/b.yaml:4 metadata.id: duplicate check id 'custom.test.duplicate' (already defined at ${folder}/a.yaml:4)`);
  });

  it('rejects an id already taken by a built-in check', () => {
    const file = fixture('custom-checks/duplicate-id/a.yaml');
    expect(loadError(file, ['custom.test.duplicate']).toLine()).toBe(`${file}:4 metadata.id: duplicate check id 'custom.test.duplicate' (already a built-in check)`);
  });

  it('says when the path does not exist', () => {
    const missing = fixture('custom-checks/nope');
    expect(loadError(missing).toLine()).toBe(`${missing}: cannot read custom checks: ENOENT`);
  });
});

describe('evaluating custom checks', () => {
  const checks = loadCustomChecks(fixture('custom-checks/behaviour'));
  const snapshot = loadSnapshotInput(fixture('manifests/behaviour.yaml'));
  const findings = evaluateChecks(snapshot, checks);

  it('passes when all validations are true, fails on a false one, and is unknown when one cannot be evaluated', () => {
    expect(verdicts(findings, 'custom.test.replicas')).toEqual({ api: 'pass', worker: 'fail', batch: 'unknown' });
    const batch = findings.find((finding) => finding.check === 'custom.test.replicas' && finding.resource.name === 'batch');
    expect(batch?.message).toBe('Deployment/shop/batch could not be evaluated: No such key: replicas.');
    expect(batch?.evidence).toEqual([{ path: 'cel: object.spec.replicas >= 2', observed: 'error: No such key: replicas', expected: 'true' }]);
  });

  it('reports a failure with the check author’s message and the expression as evidence', () => {
    const worker = findings.find((finding) => finding.check === 'custom.test.replicas' && finding.resource.name === 'worker');
    expect(worker?.message).toBe('Deployment/sandbox/worker: Run at least two replicas.');
    expect(worker?.evidence).toEqual([{ path: 'cel: object.spec.replicas >= 2', observed: false, expected: 'true' }]);
  });

  it('gives workload checks podSpec, podMeta and namespaceObject, with owned pods folded into controllers', () => {
    expect(verdicts(findings, 'custom.test.namespace-owner')).toEqual({ api: 'pass', batch: 'fail', worker: 'fail', 'api-5d8f-kq2lm': 'pass' });
    const batch = findings.find((finding) => finding.check === 'custom.test.namespace-owner' && finding.resource.name === 'batch');
    expect(batch?.message).toBe('Deployment/shop/batch: The pods must be labelled.');
  });

  it('a false validation fails the subject even when another cannot be evaluated', () => {
    expect(verdicts(findings, 'custom.test.fail-beats-error')).toEqual({ api: 'fail', batch: 'unknown', worker: 'pass' });
  });

  it('a check reading namespaceObject cannot pass or fail on it when Namespaces were not collected', () => {
    const withoutNamespaces = {
      ...snapshot,
      collectedKinds: COLLECTED_KIND_KEYS.filter((kind) => kind !== 'Namespace'),
      resources: snapshot.resources.filter((object) => object.kind !== 'Namespace'),
      gaps: [{ kind: 'Namespace', reason: 'forbidden' as const, detail: 'namespaces is forbidden' }],
    };
    const owner = evaluateChecks(withoutNamespaces, checks).filter((finding) => finding.check === 'custom.test.namespace-owner');
    // batch still fails on its unlabelled pods, a validation that does not need the namespace; 'behaviour' is the cluster.
    expect(verdicts(owner, 'custom.test.namespace-owner')).toEqual({ api: 'unknown', batch: 'fail', worker: 'unknown', 'api-5d8f-kq2lm': 'unknown', behaviour: 'unknown' });
    expect(owner.find((finding) => finding.resource.name === 'api')?.message).toBe('Deployment/shop/api could not be evaluated: Unknown variable: namespaceObject.');
    expect(owner.at(-1)?.message).toBe('Namespace was not collected (forbidden), so Namespace objects could not be examined.');
  });
});

describe('the example custom checks in controls/examples/custom-checks', () => {
  const checks = loadCustomChecks(EXAMPLES);

  it('on the microservices demo: only the public LoadBalancer fails; every image is pinned', () => {
    const findings = evaluateChecks(loadSnapshotInput(DEMO_MANIFESTS), checks);
    const balancers = verdicts(findings, 'custom.network.load-balancer-source-ranges');
    expect(balancers['frontend-external']).toBe('fail');
    expect(Object.entries(balancers).filter(([name]) => name !== 'frontend-external').every(([, status]) => status === 'not-applicable')).toBe(true);
    expect(Object.keys(balancers)).toHaveLength(12);
    const images = verdicts(findings, 'custom.images.no-latest-tag');
    expect(Object.keys(images)).toHaveLength(12);
    expect(new Set(Object.values(images))).toEqual(new Set(['pass']));
  });

  it('no-latest-tag fails latest, untagged and port-only references in any container list, and accepts tags and digests', () => {
    const findings = evaluateChecks(loadSnapshotInput(fixture('manifests/image-references.yaml')), checks);
    expect(verdicts(findings, 'custom.images.no-latest-tag')).toEqual({
      'latest-tag': 'fail',
      pinned: 'pass',
      'registry-port-no-tag': 'fail',
      'untagged-ephemeral': 'fail',
      'untagged-init': 'fail',
    });
  });
});
