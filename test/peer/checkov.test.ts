import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CommandLine, basename } from '../../src/checks/control-plane/_flags.js';
import type { CheckDefinition } from '../../src/checks/define-check.js';
import { evaluateChecks } from '../../src/checks/engine.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import type { Finding } from '../../src/domain/finding.js';
import type { JsonObject, JsonValue } from '../../src/domain/json.js';
import type { KubeObject, NodeConfig, Snapshot } from '../../src/domain/snapshot.js';
import { readManifests, snapshotOf } from '../support/fixture-snapshot.js';
import { describePeer, peerSuite } from '../support/peer-fixtures.js';

/**
 * Runs the Checkov test suite (<peer fixtures>/checkov/checks, real manifests whose file names carry
 * the verdict Checkov expects) against the built-in checks that have a Checkov counterpart.
 *
 * - File name says PASSED: our checks report no fail and at least one pass. FAILED: at least one fail.
 *   Both (`1PASSED-1FAILED`): at least one of each. UNKNOWN (or Checkov's `UNKOWN`): whatever we say must not
 *   be pass-only, because Checkov could not decide and we may not pass what it could not see.
 * - Every disagreement is a row of a disagreement table in docs/peer-agreement/checkov.md (`| \`folder/file\` |
 *   \`check\` | why |`), so the reasons sit where auditors read them and each theme can record its own. Any
 *   other disagreement fails the test, and so does a documented one that has started to agree.
 * - The per-check numbers are generated into the same document between markers; the test fails when they
 *   drift. Regenerate with `UPDATE_PEER_DOCS=1 npx vitest run test/peer/checkov.test.ts`.
 *
 * Checkov evaluates a kube-apiserver (or etcd, kubelet...) container found in ANY pod spec, by its command.
 * Our control-plane checks read static pods in kube-system only, so control-plane files are normalised: each
 * pod spec whose container runs a component becomes a kube-system Pod labelled `component=<name>` on node
 * `checkov-node`. Checkov's kubelet checks read kubelet flags from a pod; ours read configz, so a kubelet
 * pod's flags become the configz document such a kubelet would serve (legacy flag defaults + its flags).
 */

const CHECKOV = peerSuite('checkov');
const SUITE = join(CHECKOV.dir, 'checks');
const DOC = fileURLToPath(new URL('../../docs/peer-agreement/checkov.md', import.meta.url));
const NODE = 'checkov-node';

type Normalise = 'control-plane' | 'none';

interface Mapping {
  readonly checks: readonly string[];
  readonly normalise: Normalise;
  /** Only files whose name matches (a folder that covers two components). */
  readonly files?: RegExp;
}

const cp = (...checks: string[]): Mapping => ({ checks, normalise: 'control-plane' });
const workload = (...checks: string[]): Mapping => ({ checks, normalise: 'none' });

/** Checkov folder → our counterpart(s). Applied only for check ids present in the registry. */
const MAPPINGS: Readonly<Record<string, readonly Mapping[]>> = {
  // kube-apiserver (CIS 1.2, 3.2)
  example_ApiServerAdmissionControlAlwaysAdmit: [cp('apiserver.admission-always-admit-disabled')],
  example_ApiServerAlwaysPullImagesPlugin: [cp('apiserver.admission-always-pull-images')],
  example_ApiServerAnonymousAuth: [cp('apiserver.anonymous-auth')],
  example_ApiServerAuditLog: [cp('apiserver.audit-log-path')],
  example_ApiServerAuditLogMaxAge: [cp('apiserver.audit-log-maxage')],
  example_ApiServerAuditLogMaxBackup: [cp('apiserver.audit-log-maxbackup')],
  example_ApiServerAuditLogMaxSize: [cp('apiserver.audit-log-maxsize')],
  example_ApiServerAuthorizationModeNode: [cp('apiserver.authorization-mode-node')],
  example_ApiServerAuthorizationModeNotAlwaysAllow: [cp('apiserver.authorization-mode-not-always-allow')],
  example_ApiServerAuthorizationModeRBAC: [cp('apiserver.authorization-mode-rbac')],
  example_ApiServerEncryptionProviders: [cp('apiserver.encryption-provider-config')],
  example_ApiServerEtcdCaFile: [cp('apiserver.etcd-cafile')],
  example_ApiServerEtcdCertAndKey: [cp('apiserver.etcd-client-certificates')],
  example_ApiServerKubeletClientCertAndKey: [cp('apiserver.kubelet-client-certificate')],
  example_ApiServerNamespaceLifecyclePlugin: [cp('apiserver.admission-namespace-lifecycle')],
  example_ApiServerNodeRestrictionPlugin: [cp('apiserver.admission-node-restriction')],
  example_ApiServerProfiling: [cp('apiserver.profiling-disabled')],
  example_ApiServerRequestTimeout: [cp('apiserver.request-timeout')],
  example_ApiServerServiceAccountKeyFile: [cp('apiserver.service-account-key-file')],
  example_ApiServerServiceAccountLookup: [cp('apiserver.service-account-lookup')],
  example_ApiServerStrongCryptographicCiphers: [cp('apiserver.strong-tls-ciphers')],
  example_ApiServerTlsCertAndKey: [cp('apiserver.tls-cert-file')],
  example_ApiServerTokenAuthFile: [cp('apiserver.token-auth-file')],
  example_ApiServerkubeletCertificateAuthority: [cp('apiserver.kubelet-certificate-authority')],
  // kube-controller-manager (CIS 1.3) and kube-scheduler (CIS 1.4)
  example_ControllerManagerBindAddress: [cp('controller-manager.bind-address')],
  example_KubeControllerManagerBlockProfiles: [cp('controller-manager.profiling-disabled')],
  example_KubeControllerManagerRootCAFile: [cp('controller-manager.root-ca-file')],
  example_KubeControllerManagerServiceAccountCredentials: [cp('controller-manager.use-service-account-credentials')],
  example_KubeControllerManagerServiceAccountPrivateKeyFile: [cp('controller-manager.service-account-private-key-file')],
  example_KubeControllerManagerTerminatedPods: [cp('controller-manager.terminated-pod-gc-threshold')],
  example_RotateKubeletServerCertificate: [
    { ...cp('controller-manager.rotate-kubelet-server-certificate'), files: /^KubeControllerManager/ },
    { ...cp('kubelet.rotate-server-certificates'), files: /^Kublet/ },
  ],
  example_SchedulerBindAddress: [cp('scheduler.bind-address')],
  example_SchedulerProfiling: [cp('scheduler.profiling-disabled')],
  // etcd (CIS 2)
  example_EtcdAutoTls: [cp('etcd.auto-tls-disabled')],
  example_EtcdCertAndKey: [cp('etcd.cert-file')],
  example_EtcdClientCertAuth: [cp('etcd.client-cert-auth')],
  example_EtcdPeerFiles: [cp('etcd.peer-cert-file')],
  example_PeerClientCertAuthTrue: [cp('etcd.peer-client-cert-auth')],
  // kubelet (CIS 4.2)
  example_KubeletAnonymousAuth: [cp('kubelet.anonymous-auth')],
  example_KubeletAuthorizationModeNotAlwaysAllow: [cp('kubelet.authorization-mode')],
  example_KubeletClientCa: [cp('kubelet.client-ca-file')],
  example_KubeletCryptographicCiphers: [cp('kubelet.tls-cipher-suites')],
  example_KubeletHostnameOverride: [cp('kubelet.hostname-override')],
  example_KubeletKeyFilesSetAppropriate: [cp('kubelet.tls-cert-files')],
  example_KubeletMakeIptablesUtilChains: [cp('kubelet.make-iptables-util-chains')],
  example_KubeletProtectKernelDefaults: [cp('kubelet.protect-kernel-defaults')],
  example_KubeletReadOnlyPort: [cp('kubelet.read-only-port')],
  example_KubeletStreamingConnectionIdleTimeout: [cp('kubelet.streaming-connection-idle-timeout')],
  example_KubletEventCapture: [cp('kubelet.event-record-qps')],
  example_KubletRotateCertificates: [cp('kubelet.rotate-certificates')],
  // Workloads, RBAC, images, namespaces: owned by other check themes, applied once their ids exist.
  example_AllowPrivilegeEscalation: [workload('pss.restricted.privilege-escalation')],
  example_AllowedCapabilities: [workload('pss.baseline.capabilities')],
  example_AllowedCapabilitiesSysAdmin: [workload('pss.baseline.capabilities')],
  example_DefaultNamespace: [workload('namespaces.default-namespace-workloads')],
  example_NoDefaultNamespace: [workload('namespaces.default-namespace-workloads')],
  example_DefaultServiceAccount: [workload('rbac.default-service-account-automount')],
  example_DefaultServiceAccountBinding: [workload('rbac.default-service-account-bindings')],
  example_DockerSocketVolume: [workload('workload.container-runtime-socket')],
  example_DropCapabilities: [workload('pss.restricted.capabilities')],
  example_HostPort: [workload('pss.baseline.host-ports')],
  example_ImageDigest: [workload('images.digest-pinning')],
  example_ImagePullPolicy: [workload('images.pull-policy-always')],
  example_ImageTagFixed: [workload('images.latest-tag')],
  example_PrivilegedContainers: [workload('pss.baseline.privileged-containers')],
  example_RbacApproveCertificateSigningRequests: [workload('rbac.csr-approval')],
  example_RbacBindRoleBindings: [workload('rbac.escalate-bind-impersonate')],
  example_RbacControlWebhooks: [workload('rbac.webhook-configuration')],
  example_RbacEscalateRoles: [workload('rbac.escalate-bind-impersonate')],
  example_ReadOnlyFilesystem: [workload('workload.read-only-root-filesystem')],
  example_Requests_Limits: [workload('workload.resource-limits', 'workload.resource-requests')],
  example_RootContainers: [workload('pss.restricted.running-as-non-root')],
  example_Seccomp: [workload('pss.restricted.seccomp')],
  example_Secrets: [workload('secrets.env-secret-refs')],
  example_ServiceAccountTokens: [workload('workload.service-account-token-automount')],
  example_ShareHost: [workload('pss.baseline.host-namespaces')],
  example_WildcardRoles: [workload('rbac.wildcard-verbs', 'rbac.wildcard-resources')],
};

/** Checkov folders with no counterpart, and why. Listed in the doc so the gap is visible. */
const NO_COUNTERPART: Readonly<Record<string, string>> = {
  example_ApiServerAdmissionControlEventRateLimit: 'evaluates an AdmissionConfiguration file, which is not an API object a cluster serves',
  example_ApiServerBasicAuthFile: '--basic-auth-file was removed in Kubernetes 1.19 and is not in CIS v1.10',
  example_ApiServerInsecureBindAddress: 'the insecure port was removed in Kubernetes 1.20/1.24 and is not in CIS v1.10',
  example_ApiServerInsecurePort: 'the insecure port was removed in Kubernetes 1.20/1.24 and is not in CIS v1.10',
  example_ApiServerKubeletHttps: '--kubelet-https was removed in Kubernetes 1.22 and is not in CIS v1.10',
  example_ApiServerPodSecurityPolicyPlugin: 'PodSecurityPolicy was removed in Kubernetes 1.25',
  example_ApiServerSecurePort: '--secure-port=0 is no longer accepted; not in CIS v1.10',
  example_ApiServerSecurityContextDenyPlugin: 'SecurityContextDeny was removed in Kubernetes 1.27 and is not in CIS v1.10',
  example_ApiServerServiceAccountPlugin: 'CIS v1.10 1.2.12 (ServiceAccount admission plugin) is not among the planned checks',
  example_DangerousGitSync: 'no counterpart (git-sync CVE heuristic)',
  example_KubernetesDashboard: 'no counterpart (presence of the dashboard)',
  example_LivenessReadiness: 'no counterpart (probes are availability, not security evidence)',
  example_NginxIngressCVE202125742: 'no counterpart (ingress-nginx snippet CVE)',
  example_PSP: 'PodSecurityPolicy was removed in Kubernetes 1.25',
  example_RootContainersPSP: 'PodSecurityPolicy was removed in Kubernetes 1.25',
  example_RootContainersHighUID: 'Checkov asks for UID >= 10000; Pod Security Standards only forbid UID 0',
  example_SecurityContexts: 'no counterpart (presence of a securityContext block)',
  example_Suppressed: 'tests Checkov\'s own suppression annotations',
  example_Tiller: 'Helm 2 Tiller, end of life since 2020',
  example_TillerDeploymentListener: 'Helm 2 Tiller, end of life since 2020',
  example_TillerService: 'Helm 2 Tiller, end of life since 2020',
  example_WildcardEntities: 'no verdict in its file names',
};

type Expected = 'pass' | 'fail' | 'mixed' | 'unknown';

/** The verdict a Checkov file name announces; undefined when it announces none. */
function expectedOf(file: string): Expected | undefined {
  const name = file.toUpperCase();
  const passes = /PASS/.test(name);
  const fails = /FAIL/.test(name);
  if (passes && fails) return 'mixed';
  if (fails) return 'fail';
  if (passes) return 'pass';
  if (/UNKN?OWN/.test(name)) return 'unknown';
  return undefined;
}

function agrees(expected: Expected, findings: readonly Finding[]): boolean {
  const statuses = findings.map((finding) => finding.status);
  const hasPass = statuses.includes('pass');
  const hasFail = statuses.includes('fail');
  switch (expected) {
    case 'pass':
      return hasPass && !hasFail;
    case 'fail':
      return hasFail;
    case 'mixed':
      return hasPass && hasFail;
    case 'unknown':
      return !(statuses.length > 0 && statuses.every((status) => status === 'pass'));
  }
}

// --- normalisation of control-plane files ------------------------------------------------------------------

const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet'] as const;
type Component = (typeof COMPONENTS)[number];

function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The pod spec of a Pod or of a workload template. */
function podSpecOf(object: KubeObject): JsonObject | undefined {
  const spec = object['spec'];
  if (!isJsonObject(spec)) return undefined;
  if (object.kind === 'Pod') return spec;
  const template = spec['template'];
  return isJsonObject(template) && isJsonObject(template['spec']) ? template['spec'] : undefined;
}

/** Which component a container runs, by its program, as Checkov decides (`"kube-apiserver" in command`). */
function componentOf(container: JsonObject): Component | undefined {
  const words = [container['command'], container['args']].flatMap((list) => (Array.isArray(list) ? list : [])).filter((word): word is string => typeof word === 'string');
  const program = words.find((word) => !word.startsWith('-'));
  const byProgram = COMPONENTS.find((component) => program !== undefined && basename(program) === component);
  if (byProgram !== undefined) return byProgram;
  const image = typeof container['image'] === 'string' ? container['image'] : '';
  return COMPONENTS.find((component) => basename(image).startsWith(component));
}

interface Normalised {
  readonly objects: KubeObject[];
  readonly nodeConfigs: NodeConfig[];
}

function normaliseControlPlane(objects: readonly KubeObject[], fileStem: string): Normalised {
  const result: Normalised = { objects: [], nodeConfigs: [] };
  objects.forEach((object, position) => {
    const spec = podSpecOf(object);
    const containers = Array.isArray(spec?.['containers']) ? spec['containers'].filter(isJsonObject) : [];
    const container = containers.find((candidate) => componentOf(candidate) !== undefined);
    const component = container === undefined ? undefined : componentOf(container);
    if (spec === undefined || container === undefined || component === undefined) return;
    result.objects.push(staticPodOf(component, spec, `${fileStem}-${position}`));
    if (component === 'kubelet') {
      result.objects.push(nodeObject());
      result.nodeConfigs.push({ node: NODE, kubeletConfig: configzFromFlags(CommandLine.ofContainer(container, 'spec.containers[0]')) });
    }
  });
  return result;
}

function staticPodOf(component: Component, spec: JsonObject, suffix: string): KubeObject {
  const name = `${component}-${suffix.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'kube-system', labels: { component, tier: 'control-plane' } },
    spec: { ...spec, nodeName: NODE },
  };
}

function nodeObject(): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': NODE } } };
}

/**
 * The configz document of a kubelet started with these flags and no config file: v1beta1 defaults plus the
 * legacy flag defaults (anonymous auth on, AlwaysAllow, read-only port 10255), with the flags applied, and
 * zero-valued `omitempty` fields dropped as the kubelet's JSON encoding drops them.
 */
function configzFromFlags(flags: CommandLine): JsonObject {
  const config: JsonObject = {
    authentication: { anonymous: { enabled: true }, webhook: { enabled: false, cacheTTL: '2m0s' }, x509: {} },
    authorization: { mode: 'AlwaysAllow', webhook: { cacheAuthorizedTTL: '5m0s', cacheUnauthorizedTTL: '30s' } },
    readOnlyPort: 10255,
    streamingConnectionIdleTimeout: '4h0m0s',
    makeIPTablesUtilChains: true,
    eventRecordQPS: 50,
    eventBurst: 100,
  };
  const setters: readonly [string, readonly string[], (flag: string) => JsonValue | undefined][] = [
    ['--anonymous-auth', ['authentication', 'anonymous', 'enabled'], booleanOf(flags)],
    ['--authorization-mode', ['authorization', 'mode'], (flag) => flags.string(flag)],
    ['--client-ca-file', ['authentication', 'x509', 'clientCAFile'], (flag) => flags.string(flag)],
    ['--read-only-port', ['readOnlyPort'], numberOf(flags)],
    ['--streaming-connection-idle-timeout', ['streamingConnectionIdleTimeout'], (flag) => flags.string(flag)],
    ['--make-iptables-util-chains', ['makeIPTablesUtilChains'], booleanOf(flags)],
    ['--event-qps', ['eventRecordQPS'], numberOf(flags)],
    ['--tls-cert-file', ['tlsCertFile'], (flag) => flags.string(flag)],
    ['--tls-private-key-file', ['tlsPrivateKeyFile'], (flag) => flags.string(flag)],
    ['--tls-min-version', ['tlsMinVersion'], (flag) => flags.string(flag)],
    ['--tls-cipher-suites', ['tlsCipherSuites'], (flag) => [...(flags.list(flag) ?? [])]],
    ['--rotate-certificates', ['rotateCertificates'], booleanOf(flags)],
    ['--protect-kernel-defaults', ['protectKernelDefaults'], booleanOf(flags)],
    ['--feature-gates', ['featureGates'], (flag) => Object.fromEntries([...(flags.map(flag) ?? new Map<string, string>())].map(([gate, value]) => [gate, value.toLowerCase() === 'true']))],
  ];
  for (const [flag, path, read] of setters) {
    const value = flags.has(flag) ? read(flag) : undefined;
    if (value !== undefined) setPath(config, path, value);
  }
  return dropOmitEmpty(config);
}

function booleanOf(flags: CommandLine): (flag: string) => JsonValue | undefined {
  return (flag) => {
    const value = flags.boolean(flag);
    return typeof value === 'boolean' ? value : undefined;
  };
}

function numberOf(flags: CommandLine): (flag: string) => JsonValue | undefined {
  return (flag) => {
    const value = Number(flags.string(flag));
    return Number.isInteger(value) ? value : undefined;
  };
}

function setPath(target: JsonObject, path: readonly string[], value: JsonValue): void {
  let current = target;
  for (const key of path.slice(0, -1)) {
    const next = current[key];
    if (!isJsonObject(next)) current[key] = {};
    current = current[key] as JsonObject;
  }
  current[path.at(-1) ?? ''] = value;
}

/** Plain `omitempty` fields the kubelet drops when zero (pointer fields such as anonymous.enabled stay). */
function dropOmitEmpty(config: JsonObject): JsonObject {
  for (const key of ['readOnlyPort', 'rotateCertificates', 'protectKernelDefaults', 'tlsCertFile', 'tlsPrivateKeyFile', 'tlsMinVersion']) {
    const value = config[key];
    if (value === 0 || value === false || value === '') delete config[key];
  }
  const suites = config['tlsCipherSuites'];
  if (Array.isArray(suites) && suites.length === 0) delete config['tlsCipherSuites'];
  return config;
}

// --- running the suite -------------------------------------------------------------------------------------

interface Case {
  readonly key: string;
  readonly folder: string;
  readonly file: string;
  readonly expected: Expected;
  readonly checks: readonly CheckDefinition[];
  readonly findings: readonly Finding[];
  readonly agrees: boolean;
}

const REGISTERED = new Map(BUILT_IN_CHECKS.map((check) => [check.id, check]));

function snapshotFor(path: string, mapping: Mapping, file: string): Snapshot {
  // Checkov's suite includes deliberately malformed documents (null list items, nameless objects).
  const objects = readManifests(path).filter((object: unknown): object is KubeObject => isJsonObject(object) && isJsonObject(object['metadata']));
  if (mapping.normalise === 'none') return snapshotOf(objects.filter((object) => typeof object.metadata.name === 'string'));
  const normalised = normaliseControlPlane(objects, file.replace(/\.(ya?ml|json)$/i, ''));
  return snapshotOf(normalised.objects, { nodeConfigs: normalised.nodeConfigs });
}

/** A file we cannot even load gets no findings, which agrees with FAILED or PASSED only by accident: never. */
function findingsFor(path: string, mapping: Mapping, file: string, checks: readonly CheckDefinition[]): readonly Finding[] {
  try {
    return evaluateChecks(snapshotFor(path, mapping, file), checks);
  } catch {
    return [];
  }
}

function runSuite(): Case[] {
  if (!existsSync(SUITE)) return [];
  return Object.entries(MAPPINGS).flatMap(([folder, mappings]) => {
    const directory = join(SUITE, folder);
    if (!existsSync(directory)) return [];
    return readdirSync(directory)
      .sort()
      .flatMap((file) => {
        const expected = expectedOf(file);
        const mapping = mappings.find((candidate) => candidate.files === undefined || candidate.files.test(file));
        if (expected === undefined || mapping === undefined) return [];
        const checks = mapping.checks.flatMap((id) => REGISTERED.get(id) ?? []);
        if (checks.length === 0) return [];
        const findings = findingsFor(join(directory, file), mapping, file, checks);
        return [{ key: `${folder}/${file}`, folder, file, expected, checks, findings, agrees: agrees(expected, findings) }];
      });
  });
}

// --- the agreement document --------------------------------------------------------------------------------

const START = '<!-- checkov-agreement:start (generated by test/peer/checkov.test.ts) -->';
const END = '<!-- checkov-agreement:end -->';

function agreementTable(cases: readonly Case[]): string {
  const byCheck = new Map<string, Case[]>();
  for (const item of cases) {
    const id = item.checks.map((check) => check.id).join(' + ');
    byCheck.set(id, [...(byCheck.get(id) ?? []), item]);
  }
  const rows = [...byCheck.entries()].map(([id, items]) => {
    const folders = [...new Set(items.map((item) => item.folder))].join(', ');
    const agreeing = items.filter((item) => item.agrees).length;
    return `| \`${id}\` | ${folders} | ${items.length} | ${agreeing} | ${items.length - agreeing} |`;
  });
  const total = cases.length;
  const agreeing = cases.filter((item) => item.agrees).length;
  return [
    START,
    '',
    `Files run: **${total}**, agreeing: **${agreeing}**, deliberate disagreements: **${total - agreeing}** (checks: ${byCheck.size}).`,
    '',
    '| Check | Checkov folder | Files | Agree | Disagree |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows,
    `| **Total** | | **${total}** | **${agreeing}** | **${total - agreeing}** |`,
    '',
    'Checkov folders with no counterpart among our checks:',
    '',
    ...Object.entries(NO_COUNTERPART).map(([folder, why]) => `- ${folder}: ${why}.`),
    '',
    END,
  ].join('\n');
}

function documentedTable(): string | undefined {
  if (!existsSync(DOC)) return undefined;
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start < 0 || end < 0 ? undefined : text.slice(start, end + END.length);
}

/** `| \`example_X/file.yaml\` | \`check.id\` | why |` rows anywhere in the document: the documented disagreements. */
function documentedDisagreements(): ReadonlyMap<string, string> {
  if (!existsSync(DOC)) return new Map();
  const rows = readFileSync(DOC, 'utf8').matchAll(/^\| `(example_[^`]+)` \| `[^`]+` \| (.+) \|$/gm);
  return new Map([...rows].map((row) => [row[1] ?? '', row[2] ?? '']));
}

function describeCase(item: Case): string {
  const statuses = item.findings.map((finding) => `${finding.check}=${finding.status}`).join(', ') || 'no findings';
  return `${item.key}: Checkov ${item.expected}, we say ${statuses}`;
}

describePeer('checkov', 'Checkov peer suite', () => {
  const cases = runSuite();

  it('finds the Checkov test suite in the peer fixtures', () => {
    expect(existsSync(SUITE)).toBe(true);
    expect(cases.length).toBeGreaterThan(0);
  });

  it('accounts for every Checkov folder: mapped to a check, or listed with the reason it has no counterpart', () => {
    const folders = existsSync(SUITE) ? readdirSync(SUITE).filter((name) => name.startsWith('example_')) : [];
    expect(folders.filter((folder) => MAPPINGS[folder] === undefined && NO_COUNTERPART[folder] === undefined)).toEqual([]);
  });

  it('agrees with Checkov on every file except the documented, deliberate disagreements', () => {
    const documented = documentedDisagreements();
    const unexpected = cases.filter((item) => !item.agrees && !documented.has(item.key)).map(describeCase);
    expect(unexpected).toEqual([]);
  });

  it('still disagrees wherever a disagreement is documented (no stale rows)', () => {
    const evaluated = new Map(cases.map((item) => [item.key, item]));
    const stale = [...documentedDisagreements().keys()].filter((key) => evaluated.get(key)?.agrees !== false);
    expect(stale).toEqual([]);
  });

  it('matches the agreement numbers in docs/peer-agreement/checkov.md', () => {
    const table = agreementTable(cases);
    if (process.env['UPDATE_PEER_DOCS'] === '1' && existsSync(DOC)) {
      const text = readFileSync(DOC, 'utf8');
      const current = documentedTable();
      writeFileSync(DOC, current === undefined ? `${text.trimEnd()}\n\n${table}\n` : text.replace(current, table));
    }
    expect(documentedTable()).toBe(table);
  });
});
