import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { loadSnapshotInput } from '../../src/collect/snapshot-file.js';
import { describePeer, peerSuite } from '../support/peer-fixtures.js';

/**
 * Runs FairwindsOps/polaris' own check test cases (<peer fixtures>/polaris, commit c0e23a23; test/support/peer-fixtures.ts) against the
 * kubevidence check that covers the same ground. Upstream verdict rule, applied to our findings for that one check:
 * a `failure*` file must yield at least one fail; a `success*` file at least one pass and no fail.
 *
 * Every case agrees, except those listed in DISAGREEMENTS with the reason we differ on purpose; the list must stay
 * exact (a listed case that starts agreeing fails the test too). Mappings whose check is not registered yet are kept
 * in the table and skipped. docs/peer-agreement/polaris.md carries the numbers: regenerate its table with
 * `UPDATE_PEER_DOCS=1 npx vitest run test/peer/polaris.test.ts`.
 */
const POLARIS = peerSuite('polaris');
const POLARIS_CHECKS = join(POLARIS.dir, 'test', 'checks');
const AGREEMENT_DOC = new URL('../../docs/peer-agreement/polaris.md', import.meta.url).pathname;

/** Polaris check → the kubevidence check judged against its cases. */
const MAPPING: Readonly<Record<string, string>> = {
  automountServiceAccountToken: 'workload.service-account-token-automount',
  clusterrolePodExecAttach: 'rbac.pod-exec',
  clusterrolebindingClusterAdmin: 'rbac.cluster-admin-bindings',
  clusterrolebindingPodExecAttach: 'rbac.pod-exec',
  cpuLimitsMissing: 'workload.resource-limits',
  cpuRequestsMissing: 'workload.resource-requests',
  dangerousCapabilities: 'pss.baseline.capabilities',
  hostIPCSet: 'pss.baseline.host-namespaces',
  hostNetworkSet: 'pss.baseline.host-namespaces',
  hostPIDSet: 'pss.baseline.host-namespaces',
  hostPathSet: 'pss.baseline.hostpath-volumes',
  hostPortSet: 'pss.baseline.host-ports',
  hostProcess: 'pss.baseline.host-process',
  insecureCapabilities: 'pss.restricted.capabilities',
  memoryLimitsMissing: 'workload.resource-limits',
  memoryRequestsMissing: 'workload.resource-requests',
  missingNetworkPolicy: 'network.workload-not-selected',
  notReadOnlyRootFilesystem: 'workload.read-only-root-filesystem',
  privilegeEscalationAllowed: 'pss.restricted.privilege-escalation',
  procMount: 'pss.baseline.proc-mount',
  pullPolicyNotAlways: 'images.pull-policy-always',
  rolePodExecAttach: 'rbac.pod-exec',
  rolebindingClusterAdminClusterRole: 'rbac.cluster-admin-bindings',
  rolebindingClusterAdminRole: 'rbac.cluster-admin-bindings',
  rolebindingClusterRolePodExecAttach: 'rbac.pod-exec',
  rolebindingRolePodExecAttach: 'rbac.pod-exec',
  runAsPrivileged: 'pss.baseline.privileged-containers',
  runAsRootAllowed: 'pss.restricted.running-as-non-root',
  sensitiveConfigmapContent: 'secrets.configmap-secret-keys',
  sensitiveContainerEnvVar: 'secrets.literal-env-values',
  tagNotSpecified: 'images.latest-tag',
  tlsSettingsMissing: 'network.ingress-tls',
};

/** Polaris checks with no kubevidence counterpart, and why. */
const UNMAPPED: Readonly<Record<string, string>> = {
  deploymentMissingReplicas: 'availability, not security or compliance',
  hpaMaxAvailability: 'availability',
  hpaMinAvailability: 'availability',
  linuxHardening: 'no single counterpart: Polaris accepts any one of seccomp, AppArmor, SELinux or dropped capabilities; the PSS checks judge each',
  livenessProbeMissing: 'reliability',
  readinessProbeMissing: 'reliability',
  metadataAndInstanceMismatched: 'labelling convention',
  missingPodDisruptionBudget: 'availability',
  pdbDisruptionsIsZero: 'availability',
  pdbMinAvailableGreaterThanHPAMinReplicas: 'availability',
  priorityClassNotSet: 'scheduling',
  topologySpreadConstraint: 'availability',
};

/** Depend on upstream custom check definitions that are not part of the fixtures (fixtures/README.md). */
const SKIPPED = ['nakedPod', 'oneController', 'resourceRange'];

// Reasons, stated once and referenced by every case they explain.
const UNBOUND_ROLE =
  'Polaris judges a role alone; kubevidence judges access, and a role no binding gives to anyone grants nothing (it passes, saying it is unbound).';
const BINDING_NAME_EXEMPTION =
  'Polaris exempts bindings by their own name (system:*, cluster-admin, gce:podsecuritypolicy:calico-sa); a binding name proves nothing about who is bound, and here the subject is the ordinary User testuser.';
const MISSING_ROLE =
  'The binding names a role that is not in the input: kubevidence reports unknown (what it grants cannot be seen), never fail on evidence it did not see.';
const NO_RULES_DENIES_ALL =
  'A policy type with no rules denies all traffic in that direction: the pod is isolated, which is stricter, not weaker. Polaris requires allow rules to exist.';
const PLACEHOLDER_VALUE =
  'Polaris flags the variable name alone; kubevidence also needs a literal that looks like a real credential (8+ characters, not a placeholder, or a known token shape): the values here are 3 to 6 characters long (xxx, xxxxx, abc123), and AZURE_BATCH_KEY and OCI_CLI_KEY_CONTENT are not credential names to its key pattern.';
const NOT_A_PEM_HEADER = '"---BEGIN OPENSSH PRIVATE KEY---" (three dashes) is not a PEM header; kubevidence matches real key headers only.';
const HOSTLESS_RULE =
  'The rule has no host, so it answers every host name over plain HTTP; the only TLS entry covers example.com. Polaris only checks that a tls section exists.';

const ONE_CHECK_FOR_ALL_BINDINGS =
  'This Polaris check only looks at RoleBindings to Roles; here a RoleBinding gives a ClusterRole with every verb (exec included) to example-user, which Polaris\' rolebindingClusterRolePodExecAttach fails. kubevidence has one check for every kind of binding.';
const DROP_ALL_REQUIRED =
  'The restricted Pod Security Standard requires capabilities.drop to contain ALL; dropping a list of named capabilities (Polaris\' insecure set) is not the same, and the official standard wins.';
const ALL_IS_CASE_SENSITIVE = 'Pod Security admission compares the capability name exactly: "All" is not "ALL", so the restricted standard is not met.';
const CPU_AND_MEMORY_TOGETHER = 'kubevidence has one check for limits and one for requests, each covering cpu and memory; this case sets memory only, so the missing cpu setting fails it.';
const PULL_POLICY_DEFAULTS_TO_ALWAYS =
  'imagePullPolicy is unset and the image has no tag, so the API server defaults it to Always; kubevidence judges the effective policy, Polaris the written field.';
const NOT_A_WORKLOAD_KIND = 'The manifest says apiVersion v1 for a Deployment, which no API server serves; kubevidence does not read it as a workload, so it reports nothing for it.';

/** `<polaris check>/<file>` → why kubevidence deliberately disagrees. */
const DISAGREEMENTS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [
      'all_wildcards',
      'attach_explicit',
      'attach_using_verb_wildcard',
      'create_attach_and_exec_using_resource_wildcard',
      'create_attach_using_apigroup_wildcard',
      'create_exec_using_apigroup_wildcard',
      'exec_explicit',
      'exec_verb_wildcard',
      'get_attach_and_exec_using_resource_wildcard',
      'get_attach_using_apigroup_wildcard',
      'get_exec_using_apigroup_wildcard',
    ].flatMap((name) => [
      [`clusterrolePodExecAttach/failure.${name}.yaml`, UNBOUND_ROLE],
      [`rolePodExecAttach/failure.${name}.yaml`, UNBOUND_ROLE],
    ]),
  ),
  'clusterrolebindingClusterAdmin/success.gce_calico_binding.yaml': BINDING_NAME_EXEMPTION,
  'clusterrolebindingClusterAdmin/success.system_prefix_binding.yaml': BINDING_NAME_EXEMPTION,
  'rolebindingClusterAdminRole/success.gce_calico_binding.yaml': BINDING_NAME_EXEMPTION,
  'rolebindingClusterAdminRole/success.system_prefix_binding.yaml': BINDING_NAME_EXEMPTION,
  'rolebindingClusterAdminClusterRole/success.gce_calico_binding.yaml': BINDING_NAME_EXEMPTION,
  'rolebindingClusterAdminClusterRole/success.system_prefix_binding.yaml': BINDING_NAME_EXEMPTION,
  'clusterrolebindingPodExecAttach/success.defaultclusterrolebinding_clusteradmin.yaml': BINDING_NAME_EXEMPTION,
  'clusterrolebindingPodExecAttach/success.defaultclusterrolebinding_system-controller-generic-garbage-collector.yaml': BINDING_NAME_EXEMPTION,
  'clusterrolebindingPodExecAttach/success.gce_calico_binding.yaml': BINDING_NAME_EXEMPTION,
  'clusterrolebindingPodExecAttach/success.system_prefix_binding.yaml': BINDING_NAME_EXEMPTION,
  'rolebindingClusterRolePodExecAttach/success.gce_calico_binding.yaml': BINDING_NAME_EXEMPTION,
  'rolebindingClusterRolePodExecAttach/success.system_prefix_binding.yaml': BINDING_NAME_EXEMPTION,
  'rolebindingRolePodExecAttach/success.gce_calico_binding.yaml': BINDING_NAME_EXEMPTION,
  'rolebindingRolePodExecAttach/success.system_prefix_binding.yaml': BINDING_NAME_EXEMPTION,
  'clusterrolebindingPodExecAttach/failure.binding_points_to_missing_ref.yaml': MISSING_ROLE,
  'rolebindingClusterRolePodExecAttach/failure.binding_points_to_missing_ref.yaml': MISSING_ROLE,
  'rolebindingRolePodExecAttach/failure.binding_points_to_missing_ref.yaml': MISSING_ROLE,
  'missingNetworkPolicy/failure.netpol_missing_egress_rules.yaml': NO_RULES_DENIES_ALL,
  'missingNetworkPolicy/failure.netpol_missing_ingress_rules.yaml': NO_RULES_DENIES_ALL,
  'sensitiveConfigmapContent/failure.key_aws_secret_access_key.yaml': PLACEHOLDER_VALUE,
  'sensitiveConfigmapContent/failure.key_azure_batch_key.yaml': PLACEHOLDER_VALUE,
  'sensitiveConfigmapContent/failure.key_oci_cli_key_content.yaml': PLACEHOLDER_VALUE,
  'sensitiveContainerEnvVar/failure.value_private_key.yaml': NOT_A_PEM_HEADER,
  'tlsSettingsMissing/success.yaml': HOSTLESS_RULE,
  'rolebindingRolePodExecAttach/success.role_binding_cluster_role_binding.yaml': ONE_CHECK_FOR_ALL_BINDINGS,
  'insecureCapabilities/success.yaml': DROP_ALL_REQUIRED,
  'insecureCapabilities/success.case.yaml': DROP_ALL_REQUIRED,
  'insecureCapabilities/success.pod.yaml': DROP_ALL_REQUIRED,
  'insecureCapabilities/success.all.yaml': ALL_IS_CASE_SENSITIVE,
  'memoryLimitsMissing/success.yaml': CPU_AND_MEMORY_TOGETHER,
  'memoryRequestsMissing/success.yaml': CPU_AND_MEMORY_TOGETHER,
  'pullPolicyNotAlways/failure.yaml': PULL_POLICY_DEFAULTS_TO_ALWAYS,
  'pullPolicyNotAlways/failure.cron-job.yaml': PULL_POLICY_DEFAULTS_TO_ALWAYS,
  'runAsRootAllowed/failure.yaml': NOT_A_WORKLOAD_KIND,
  'runAsRootAllowed/success.yaml': NOT_A_WORKLOAD_KIND,
};

type Expectation = 'failure' | 'success';

interface CaseResult {
  readonly key: string;
  readonly polarisCheck: string;
  readonly checkId: string;
  readonly expected: Expectation;
  readonly agrees: boolean;
  readonly observed: string;
}

function casesOf(polarisCheck: string): { file: string; expected: Expectation }[] {
  return readdirSync(join(POLARIS_CHECKS, polarisCheck))
    .filter((file) => /\.ya?ml$/.test(file) && !file.startsWith('mutated'))
    .sort()
    .flatMap((file): { file: string; expected: Expectation }[] => {
      if (file.startsWith('failure')) return [{ file, expected: 'failure' }];
      return file.startsWith('success') ? [{ file, expected: 'success' }] : [];
    });
}

function runCase(polarisCheck: string, checkId: string, file: string, expected: Expectation): CaseResult {
  const check = BUILT_IN_CHECKS.find((candidate) => candidate.id === checkId);
  if (check === undefined) throw new Error(`${checkId} is not registered`);
  // Read as `kubevidence evaluate --from-file` reads manifests: namespaced objects without one land in `default`.
  const findings = evaluateChecks(loadSnapshotInput(join(POLARIS_CHECKS, polarisCheck, file), { completeKinds: ['*'] }), [check]);
  const statuses = findings.map((finding) => finding.status);
  const agrees = expected === 'failure' ? statuses.includes('fail') : statuses.includes('pass') && !statuses.includes('fail');
  const observed = [...new Set(statuses)].sort().join(', ') || 'no findings';
  return { key: `${polarisCheck}/${file}`, polarisCheck, checkId, expected, agrees, observed };
}

const registered = new Set(BUILT_IN_CHECKS.map((check) => check.id));
const activeMappings = Object.entries(MAPPING).filter(([, checkId]) => registered.has(checkId));
const results: CaseResult[] = !POLARIS.present ? [] : activeMappings.flatMap(([polarisCheck, checkId]) =>
  casesOf(polarisCheck).map(({ file, expected }) => runCase(polarisCheck, checkId, file, expected)),
);

describePeer('polaris', 'Polaris peer suite', () => {
  it('accounts for every Polaris check: mapped, unmapped with a reason, or skipped', () => {
    const upstream = readdirSync(POLARIS_CHECKS).sort();
    const accounted = [...Object.keys(MAPPING), ...Object.keys(UNMAPPED), ...SKIPPED].sort();
    expect(accounted).toEqual(upstream);
  });

  it('maps only to planned check ids (theme.name)', () => {
    for (const checkId of Object.values(MAPPING)) expect(checkId).toMatch(/^[a-z-]+\.[a-z-]+(\.[a-z-]+)?$/);
  });

  for (const result of results) {
    const reason = DISAGREEMENTS[result.key];
    it(`${result.key} (${result.expected}) → ${result.checkId}: ${reason === undefined ? 'agrees' : 'disagrees on purpose'}`, () => {
      if (reason === undefined) expect({ agrees: result.agrees, observed: result.observed }).toMatchObject({ agrees: true });
      else expect({ agrees: result.agrees, observed: result.observed }, `listed as a deliberate disagreement: ${reason}`).toMatchObject({ agrees: false });
    });
  }

  it('lists deliberate disagreements only for cases that exist', () => {
    const known = new Set(Object.keys(MAPPING).flatMap((polarisCheck) => casesOf(polarisCheck).map(({ file }) => `${polarisCheck}/${file}`)));
    expect(Object.keys(DISAGREEMENTS).filter((key) => !known.has(key))).toEqual([]);
  });

  it('keeps docs/peer-agreement/polaris.md in step with the results', () => {
    const generated = agreementTable(results);
    const document = existsSync(AGREEMENT_DOC) ? readFileSync(AGREEMENT_DOC, 'utf8') : '';
    const [before, rest] = splitAt(document, START);
    const [, after] = splitAt(rest ?? '', END);
    if (process.env['UPDATE_PEER_DOCS'] === '1') writeFileSync(AGREEMENT_DOC, `${before}${START}\n${generated}${END}${after ?? '\n'}`);
    expect(rest, `${AGREEMENT_DOC} has no ${START} marker`).toBeDefined();
    expect(between(readFileSync(AGREEMENT_DOC, 'utf8'))).toBe(generated);
  });
});

const START = '<!-- agreement:start (generated by test/peer/polaris.test.ts) -->';
const END = '<!-- agreement:end -->';

function splitAt(text: string, marker: string): [string, string | undefined] {
  const index = text.indexOf(marker);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + marker.length)];
}

function between(text: string): string {
  const [, rest] = splitAt(text, START);
  const [inside] = splitAt(rest ?? '', END);
  return inside.replace(/^\n/, '');
}

/** The generated part of the agreement document: one row per mapped Polaris check, totals, and the disagreements. */
function agreementTable(all: readonly CaseResult[]): string {
  const rows = Object.entries(MAPPING).map(([polarisCheck, checkId]) => {
    const cases = all.filter((result) => result.polarisCheck === polarisCheck);
    if (!registered.has(checkId)) return `| ${polarisCheck} | ${checkId} | – | – | – | pending: check not registered |`;
    const agreeing = cases.filter((result) => result.agrees).length;
    return `| ${polarisCheck} | ${checkId} | ${cases.length} | ${agreeing} | ${cases.length - agreeing} | ${percent(agreeing, cases.length)} |`;
  });
  const agreeing = all.filter((result) => result.agrees).length;
  const disagreeing = all.filter((result) => !result.agrees);
  const reasons = [...new Set(disagreeing.map((result) => DISAGREEMENTS[result.key] ?? 'NOT EXPLAINED'))];
  const disagreements = reasons.flatMap((reason) => [
    `- ${reason}`,
    ...disagreeing
      .filter((result) => (DISAGREEMENTS[result.key] ?? 'NOT EXPLAINED') === reason)
      .map((result) => `  - \`${result.key}\` (Polaris: ${result.expected}; kubevidence: ${result.observed})`),
  ]);
  return [
    '| Polaris check | kubevidence check | cases | agree | disagree | agreement |',
    '|---|---|---:|---:|---:|---:|',
    ...rows,
    `| **total** | | **${all.length}** | **${agreeing}** | **${all.length - agreeing}** | **${percent(agreeing, all.length)}** |`,
    '',
    `Deliberate disagreements (${all.length - agreeing}):`,
    '',
    ...disagreements,
    '',
  ].join('\n');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((part / whole) * 1000) / 10}%`;
}
