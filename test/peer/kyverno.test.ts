import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { DEFAULT_INPUTS, type CheckInputs } from '../../src/checks/inputs.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { kubeObjectsIn, readManifestFile } from '../../src/collect/read-manifests.js';
import type { Finding } from '../../src/domain/finding.js';
import { snapshotOf } from '../support/fixture-snapshot.js';
import { describePeer, peerSuite } from '../support/peer-fixtures.js';

/**
 * Runs the Kyverno policies' own test suites (<peer fixtures>/kyverno-policies: `.kyverno-test/kyverno-test.yaml`
 * names resources and the verdict Kyverno expects for each) against our counterpart checks.
 *
 * - A resource's Kyverno verdict is `fail` when any validation rule of the policy fails it, `pass` when the rules pass
 *   it; `skip` entries and mutation/generation entries (`patchedResources`, `generatedResource`) are not verdicts.
 * - Our verdict for the same object (kind + name) is `fail` when any counterpart check fails it and `pass` when every
 *   counterpart finding is pass or not-applicable; anything else (unknown, no finding) is reported as such and can
 *   never count as agreement.
 * - Every disagreement is listed in DISAGREEMENTS with its reason; an unlisted disagreement fails the test, and so
 *   does a listed one that has started to agree. The numbers per policy are written to docs/peer-agreement/kyverno.md;
 *   the test fails when they drift. Regenerate with `UPDATE_PEER_DOCS=1 npx vitest run test/peer/kyverno.test.ts`.
 *
 * Resources are read with the product's own manifest reader, so namespaced objects without a namespace land in
 * `default` as `kubectl apply` would put them.
 */

const KYVERNO = peerSuite('kyverno-policies');
const SUITES = KYVERNO.dir;
const DOC = fileURLToPath(new URL('../../docs/peer-agreement/kyverno.md', import.meta.url));

type Verdict = 'pass' | 'fail';

interface Counterpart {
  /** Folder of the policy under kyverno-policies. */
  readonly suite: string;
  /** Our checks; a resource fails when any of them fails it. */
  readonly checks: readonly string[];
  /** Inputs matching the policy's own parameters (the registry allow-list). */
  readonly inputs?: Partial<CheckInputs>;
  /** Why these checks are the counterpart, when it is not one-to-one. */
  readonly note?: string;
  /**
   * Policies whose rules each test one part of a control are compared rule by rule: a rule's verdict is ours when a
   * failing finding has evidence on the rule's field (Kyverno's tests check one rule per resource, so a resource made
   * to pass one rule may still break another part of the control).
   */
  readonly rules?: Readonly<Record<string, RegExp>>;
}

const PSS_BASELINE = BUILT_IN_CHECKS.filter((check) => check.references.pss?.level === 'baseline').map((check) => check.id);
const PSS_ALL = BUILT_IN_CHECKS.filter((check) => check.references.pss !== undefined).map((check) => check.id);

/** Kyverno policy → our counterpart. A counterpart whose checks are not all registered yet is listed as pending. */
const COUNTERPARTS: readonly Counterpart[] = [
  { suite: 'pod-security/baseline/disallow-capabilities', checks: ['pss.baseline.capabilities'] },
  { suite: 'pod-security/baseline/disallow-host-namespaces', checks: ['pss.baseline.host-namespaces'] },
  { suite: 'pod-security/baseline/disallow-host-path', checks: ['pss.baseline.hostpath-volumes'] },
  { suite: 'pod-security/baseline/disallow-host-ports', checks: ['pss.baseline.host-ports'] },
  { suite: 'pod-security/baseline/disallow-host-ports-range', checks: ['pss.baseline.host-ports'], note: 'Kyverno variant allowing host ports 5000-6000' },
  { suite: 'pod-security/baseline/disallow-host-process', checks: ['pss.baseline.host-process'] },
  { suite: 'pod-security/baseline/disallow-privileged-containers', checks: ['pss.baseline.privileged-containers'] },
  { suite: 'pod-security/baseline/disallow-proc-mount', checks: ['pss.baseline.proc-mount'] },
  {
    suite: 'pod-security/baseline/disallow-selinux',
    checks: ['pss.baseline.selinux'],
    rules: { 'selinux-type': /\.seLinuxOptions\.type$/, 'selinux-user-role': /\.seLinuxOptions\.(user|role)$/ },
  },
  { suite: 'pod-security/baseline/restrict-apparmor-profiles', checks: ['pss.baseline.apparmor'] },
  { suite: 'pod-security/baseline/restrict-seccomp', checks: ['pss.baseline.seccomp'] },
  { suite: 'pod-security/baseline/restrict-sysctls', checks: ['pss.baseline.sysctls'] },
  {
    suite: 'pod-security/restricted/disallow-capabilities-strict',
    checks: ['pss.restricted.capabilities'],
    rules: { 'adding-capabilities-strict': /\.capabilities\.add\[\d+\]$/, 'require-drop-all': /\.capabilities\.drop$/ },
  },
  { suite: 'pod-security/restricted/disallow-privilege-escalation', checks: ['pss.restricted.privilege-escalation'] },
  { suite: 'pod-security/restricted/require-run-as-non-root-user', checks: ['pss.restricted.running-as-non-root-user'] },
  { suite: 'pod-security/restricted/require-run-as-nonroot', checks: ['pss.restricted.running-as-non-root'] },
  { suite: 'pod-security/restricted/restrict-seccomp-strict', checks: ['pss.restricted.seccomp'] },
  { suite: 'pod-security/restricted/restrict-volume-types', checks: ['pss.restricted.volume-types'] },
  { suite: 'pod-security/subrule/podsecurity-subrule-baseline', checks: PSS_BASELINE, note: 'every baseline control (the PSA library, level baseline)' },
  { suite: 'pod-security/subrule/restricted/restricted-latest', checks: PSS_ALL, note: 'every baseline and restricted control (level restricted)' },
  { suite: 'pod-security/subrule/restricted/restricted-exclude-capabilities', checks: PSS_ALL, note: 'level restricted; Kyverno exempts one image from Capabilities' },
  { suite: 'pod-security/subrule/restricted/restricted-exclude-seccomp', checks: PSS_ALL, note: 'level restricted; Kyverno exempts one image from Seccomp' },
  { suite: 'best-practices/disallow-cri-sock-mount', checks: ['workload.container-runtime-socket'] },
  { suite: 'best-practices/disallow-default-namespace', checks: ['namespaces.default-namespace-workloads'] },
  { suite: 'best-practices/disallow-latest-tag', checks: ['images.latest-tag'] },
  {
    suite: 'best-practices/require-drop-all',
    checks: ['pss.restricted.capabilities'],
    note: 'the drop-ALL half of restricted Capabilities',
    rules: { 'require-drop-all': /\.capabilities\.drop$/ },
  },
  { suite: 'best-practices/require-pod-requests-limits', checks: ['workload.resource-requests', 'workload.resource-limits'] },
  { suite: 'best-practices/require-ro-rootfs', checks: ['workload.read-only-root-filesystem'] },
  { suite: 'best-practices/restrict-image-registries', checks: ['images.registry-allow-list'], inputs: { allowedRegistries: ['eu.foo.io', 'bar.io'] }, note: "allow-list set to the policy's eu.foo.io and bar.io" },
  { suite: 'best-practices/restrict-node-port', checks: ['network.nodeport-services'] },
  { suite: 'best-practices/restrict-service-external-ips', checks: ['network.service-external-ips'] },
  { suite: 'psa/add-psa-namespace-reporting', checks: ['namespaces.pod-security-labels'] },
];

/** Suites with validation verdicts that we do not run, and why. */
const NOT_RUN: Readonly<Record<string, string>> = {
  'best-practices/check-deprecated-apis': 'API deprecation is not a security control; no counterpart.',
  'best-practices/disallow-empty-ingress-host': 'No counterpart: our Ingress check is about TLS, not empty hosts.',
  'best-practices/disallow-helm-tiller': 'No counterpart: Helm 2 Tiller is a product-specific rule.',
  'best-practices/require-drop-cap-net-raw': 'No exact counterpart: restricted Capabilities requires dropping ALL, which also fails pods that drop only NET_RAW.',
  'best-practices/require-labels': 'No counterpart: label conventions are organisational, not a security control.',
  'best-practices/require-probes': 'No counterpart: probes are an availability practice.',
  'psa/deny-privileged-profile': "Not runnable: its resources (../.chainsaw-test/ns-bad.yaml) are not part of the fixture set.",
};

/**
 * Deliberate disagreements, by policy folder, kind and name. Kyverno's Pod Security policies approximate the
 * standard; where they differ from the official table, the table wins (see the README of the fixtures).
 */
const DISAGREEMENTS: readonly Disagreement[] = [
  ...asPodDeploymentCronJob(
    'pod-security/baseline/disallow-host-ports-range',
    ['02', '03', '05', '06', '08', '09', '10'],
    'Kyverno variant admits host ports 5000-6000; the standard allows only 0 or unset (a "known list" is optional and none is configured), so hostPort 5555 fails.',
  ),
  {
    suite: 'pod-security/subrule/restricted/restricted-exclude-capabilities',
    kind: 'Pod',
    name: 'goodpod01',
    reason: 'The Kyverno policy excludes the Capabilities control for the ghcr.io/kyverno/test-nginx image (badpod01, identical but for its image, fails); an exclusion is policy configuration, not the standard, and the pod adds SYS_ADMIN.',
  },
  {
    suite: 'pod-security/subrule/restricted/restricted-exclude-seccomp',
    kind: 'Pod',
    name: 'goodpod01',
    reason: 'The Kyverno policy excludes the Seccomp control; an exclusion is policy configuration, not the standard, and the pod-level seccompProfile Unconfined fails baseline and restricted Seccomp.',
  },
  {
    suite: 'best-practices/require-pod-requests-limits',
    kind: 'Pod',
    name: 'goodpod01',
    reason: 'The Kyverno policy requires only a memory limit; workload.resource-limits requires a cpu limit too (NSA/CISA resource policies), and this container has none.',
  },
  {
    suite: 'best-practices/require-pod-requests-limits',
    kind: 'Pod',
    name: 'goodpod02',
    reason: 'The Kyverno policy requires only a memory limit; workload.resource-limits requires a cpu limit too (NSA/CISA resource policies), and both containers have none.',
  },
  {
    suite: 'psa/add-psa-namespace-reporting',
    kind: 'Namespace',
    name: 'test',
    reason: "The Kyverno reporting policy only asks for some enforce label; ours requires baseline or restricted, and enforce=privileged admits every pod.",
  },
];

interface Disagreement {
  readonly suite: string;
  readonly kind: string;
  readonly name: string;
  readonly reason: string;
}

/** The same case as Kyverno writes it three times: goodpodNN, gooddeploymentNN and goodcronjobNN. */
function asPodDeploymentCronJob(suite: string, numbers: readonly string[], reason: string): Disagreement[] {
  return numbers.flatMap((number) => [
    { suite, kind: 'Pod', name: `goodpod${number}`, reason },
    { suite, kind: 'Deployment', name: `gooddeployment${number}`, reason },
    { suite, kind: 'CronJob', name: `goodcronjob${number}`, reason },
  ]);
}

interface TestEntry {
  readonly kind?: string;
  readonly rule?: string;
  readonly result?: string;
  readonly resources?: readonly string[];
  readonly resource?: string;
  readonly patchedResources?: unknown;
  readonly patchedResource?: unknown;
  readonly generatedResource?: unknown;
}

interface KyvernoTest {
  readonly resources?: readonly string[];
  readonly results?: readonly TestEntry[];
}

interface Case {
  readonly suite: string;
  readonly kind: string;
  /** `name`, or `name (rule)` when the policy is compared rule by rule. */
  readonly name: string;
  readonly kyverno: Verdict;
  readonly ours: string;
}

interface KyvernoVerdict {
  readonly kind: string;
  readonly name: string;
  readonly rule: string | undefined;
  readonly verdict: Verdict;
}

function testFileOf(suite: string): string {
  return join(SUITES, suite, '.kyverno-test', 'kyverno-test.yaml');
}

function isValidationVerdict(entry: TestEntry): boolean {
  const mutation = entry.patchedResources !== undefined || entry.patchedResource !== undefined || entry.generatedResource !== undefined;
  return !mutation && (entry.result === 'pass' || entry.result === 'fail');
}

/** Kyverno's verdict per `kind/name` (and rule, when compared rule by rule): fail when any rule fails the resource. */
function kyvernoVerdicts(test: KyvernoTest, byRule: boolean): Map<string, KyvernoVerdict> {
  const verdicts = new Map<string, KyvernoVerdict>();
  for (const entry of (test.results ?? []).filter(isValidationVerdict)) {
    const names = entry.resources ?? (entry.resource === undefined ? [] : [entry.resource]);
    const rule = byRule ? entry.rule : undefined;
    for (const qualified of names) {
      const name = qualified.includes('/') ? qualified.slice(qualified.lastIndexOf('/') + 1) : qualified;
      const key = `${entry.kind}/${name}${rule === undefined ? '' : ` (${rule})`}`;
      const previous = verdicts.get(key)?.verdict;
      verdicts.set(key, { kind: entry.kind ?? '', name, rule, verdict: previous === 'fail' || entry.result === 'fail' ? 'fail' : 'pass' });
    }
  }
  return verdicts;
}

/** Our verdict on one object: fail when a counterpart fails it (on the rule's field, when given), pass when all pass. */
function ourVerdict(findings: readonly Finding[], field: RegExp | undefined): string {
  if (findings.length === 0) return 'no finding';
  const fails = findings.filter((finding) => finding.status === 'fail');
  const relevant = field === undefined ? fails : fails.filter((finding) => finding.evidence.some((evidence) => field.test(evidence.path)));
  if (relevant.length > 0) return 'fail';
  const others = findings.filter((finding) => finding.status !== 'fail').map((finding) => finding.status);
  if (others.every((status) => status === 'pass' || status === 'not-applicable')) return 'pass';
  return [...new Set(others)].sort().join('+');
}

function findingsByObject(findings: readonly Finding[]): Map<string, Finding[]> {
  const byObject = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.resource.kind}/${finding.resource.name}`;
    byObject.set(key, [...(byObject.get(key) ?? []), finding]);
  }
  return byObject;
}

function casesOf(counterpart: Counterpart): Case[] {
  const test = parse(readFileSync(testFileOf(counterpart.suite), 'utf8')) as KyvernoTest;
  const folder = dirname(testFileOf(counterpart.suite));
  const objects = (test.resources ?? []).flatMap((file) => kubeObjectsIn(readManifestFile(join(folder, file))));
  const checks = BUILT_IN_CHECKS.filter((check) => counterpart.checks.includes(check.id));
  const byObject = findingsByObject(evaluateChecks(snapshotOf(objects), checks, { ...DEFAULT_INPUTS, ...counterpart.inputs }));
  return [...kyvernoVerdicts(test, counterpart.rules !== undefined).entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([, { kind, name, rule, verdict }]) => {
      const field = rule === undefined ? undefined : counterpart.rules?.[rule];
      if (rule !== undefined && field === undefined) throw new Error(`${counterpart.suite}: rule '${rule}' has no field mapping`);
      const ours = ourVerdict(byObject.get(`${kind}/${name}`) ?? [], field);
      return { suite: counterpart.suite, kind, name: rule === undefined ? name : `${name} (${rule})`, kyverno: verdict, ours };
    });
}

function isRunnable(counterpart: Counterpart): boolean {
  return counterpart.checks.length > 0 && counterpart.checks.every((id) => BUILT_IN_CHECKS.some((check) => check.id === id));
}

function caseKey(entry: { suite: string; kind: string; name: string }): string {
  return `${entry.suite} ${entry.kind}/${entry.name}`;
}

function renderDoc(results: readonly { counterpart: Counterpart; cases: readonly Case[] }[], pending: readonly Counterpart[]): string {
  const reasons = new Map(DISAGREEMENTS.map((entry) => [caseKey(entry), entry.reason]));
  const total = results.reduce((sum, { cases }) => sum + cases.length, 0);
  const agreed = results.reduce((sum, { cases }) => sum + cases.filter((entry) => entry.ours === entry.kyverno).length, 0);
  const lines = [
    '# Peer agreement: Kyverno policies',
    '',
    '<!-- Generated by test/peer/kyverno.test.ts; regenerate with UPDATE_PEER_DOCS=1 npx vitest run test/peer/kyverno.test.ts -->',
    '',
    'Source: `kyverno/policies` test suites (`.kyverno-test/kyverno-test.yaml` + resources), commit b9c4317c, in',
    '`kyverno-policies/` of the peer data ([testing](../testing.md#peer-agreement-suites)). Each resource is a case: Kyverno `fail` must be our `fail`, Kyverno `pass`',
    'our `pass`. Kyverno\'s Pod Security policies approximate the Pod Security Standards; where they differ from the',
    'official table, we follow the table and list the case below.',
    '',
    `**${agreed} of ${total} cases agree; ${total - agreed} deliberate disagreements.**`,
    '',
    '| Kyverno policy | Our checks | Cases | Agreed | Disagreements |',
    '| --- | --- | ---: | ---: | ---: |',
    ...results.map(({ counterpart, cases }) => {
      const agree = cases.filter((entry) => entry.ours === entry.kyverno).length;
      const checks = counterpart.note === undefined ? counterpart.checks.map((id) => `\`${id}\``).join(', ') : `${counterpart.note}${counterpart.checks.length <= 2 ? `: ${counterpart.checks.map((id) => `\`${id}\``).join(', ')}` : ''}`;
      return `| \`${counterpart.suite}\` | ${checks} | ${cases.length} | ${agree} | ${cases.length - agree} |`;
    }),
    '',
    '## Disagreements',
    '',
    '| Kyverno policy | Resource | Kyverno | Ours | Why |',
    '| --- | --- | --- | --- | --- |',
    ...results.flatMap(({ cases }) =>
      cases
        .filter((entry) => entry.ours !== entry.kyverno)
        .map((entry) => `| \`${entry.suite}\` | ${entry.kind}/${entry.name} | ${entry.kyverno} | ${entry.ours} | ${reasons.get(caseKey(entry)) ?? 'UNEXPLAINED'} |`),
    ),
    '',
    '## Policies not run',
    '',
    '| Kyverno policy | Why |',
    '| --- | --- |',
    ...pending.map((counterpart) => `| \`${counterpart.suite}\` | Counterpart ${counterpart.checks.map((id) => `\`${id}\``).join(', ')} is not registered yet. |`),
    ...Object.entries(NOT_RUN).map(([suite, reason]) => `| \`${suite}\` | ${reason} |`),
    '| mutation and generation rules | `add-network-policy`, `add-ns-quota`, `add-safe-to-evict`, `add-psa-labels` test patches, not verdicts. |',
    '',
  ];
  return lines.join('\n');
}

describePeer('kyverno-policies', 'Kyverno policy test suites', () => {
  const runnable = COUNTERPARTS.filter(isRunnable);
  const pending = COUNTERPARTS.filter((counterpart) => !isRunnable(counterpart));
  const results = runnable.map((counterpart) => ({ counterpart, cases: casesOf(counterpart) }));

  for (const { counterpart, cases } of results) {
    it(`${counterpart.suite} agrees with ${counterpart.checks.length === 1 ? counterpart.checks[0] : `${counterpart.checks.length} checks`} except for listed disagreements`, () => {
      expect(cases.length).toBeGreaterThan(0);
      const listed = new Set(DISAGREEMENTS.filter((entry) => entry.suite === counterpart.suite).map(caseKey));
      const unexpected = cases.filter((entry) => entry.ours !== entry.kyverno && !listed.has(caseKey(entry)));
      const resolved = cases.filter((entry) => entry.ours === entry.kyverno && listed.has(caseKey(entry)));
      expect(unexpected.map((entry) => `${caseKey(entry)}: kyverno ${entry.kyverno}, ours ${entry.ours}`)).toEqual([]);
      expect(resolved.map(caseKey)).toEqual([]);
    });
  }

  it('lists no disagreement for a case that does not exist', () => {
    const known = new Set(results.flatMap(({ cases }) => cases.map(caseKey)));
    expect(DISAGREEMENTS.map(caseKey).filter((key) => !known.has(key))).toEqual([]);
  });

  it('covers every suite of the fixture set with a validation verdict, or says why not', () => {
    const mapped = new Set([...COUNTERPARTS.map(({ suite }) => suite), ...Object.keys(NOT_RUN)]);
    for (const suite of Object.keys(NOT_RUN)) expect(existsSync(testFileOf(suite))).toBe(true);
    for (const { suite } of COUNTERPARTS) expect(existsSync(testFileOf(suite))).toBe(true);
    const withVerdicts = SUITE_FOLDERS.filter((suite) => {
      const test = parse(readFileSync(testFileOf(suite), 'utf8')) as KyvernoTest;
      return (test.results ?? []).some(isValidationVerdict);
    });
    expect(withVerdicts.filter((suite) => !mapped.has(suite))).toEqual([]);
  });

  it('keeps docs/peer-agreement/kyverno.md in step with the results', () => {
    const doc = renderDoc(results, pending);
    if (process.env['UPDATE_PEER_DOCS'] === '1') writeFileSync(DOC, doc);
    expect(existsSync(DOC) ? readFileSync(DOC, 'utf8') : '').toBe(doc);
  });
});

/** Every folder of the fixture set that holds a Kyverno test, found on disk. */
const SUITE_FOLDERS: readonly string[] = (KYVERNO.present ? readdirSync(SUITES, { recursive: true, encoding: 'utf8' }) : [])
  .filter((path) => path.endsWith(join('.kyverno-test', 'kyverno-test.yaml')))
  .map((path) => dirname(dirname(path)).split(sep).join('/'))
  .sort();
