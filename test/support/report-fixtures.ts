import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveResults } from '../../src/catalog/derive-results.js';
import { catalogueDigest, appliedCatalogues } from '../../src/catalog/digest.js';
import { scoreFrameworks } from '../../src/catalog/score.js';
import { at, defineCheck, type CheckDefinition, type FindingDraft } from '../../src/checks/define-check.js';
import { evaluateChecks } from '../../src/checks/engine.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { SnapshotIndex } from '../../src/checks/snapshot-index.js';
import { applyWaivers, labelsInSnapshot } from '../../src/checks/waivers.js';
import type { Attestation } from '../../src/domain/attestation.js';
import type { Catalogue, Requirement } from '../../src/domain/catalogue.js';
import type { CheckMetadata } from '../../src/domain/check.js';
import type { Finding } from '../../src/domain/finding.js';
import type { RequirementChange, RequirementHistory, RunDiff, ScorePoint } from '../../src/domain/history.js';
import type { JsonObject } from '../../src/domain/json.js';
import type { Assessment, RunRecord, RunSummary } from '../../src/domain/run.js';
import { describeRef, refOf, type KubeObject, type NodeConfig, type Snapshot } from '../../src/domain/snapshot.js';
import type { Waiver } from '../../src/domain/waiver.js';
import type { PackInput } from '../../src/report/model/model.js';
import { readManifests, snapshotOf } from './fixture-snapshot.js';

/**
 * Runs for report tests, built the way the pipeline builds them but without the store: a real snapshot
 * (Online Boutique from microservices-demo, the kubeadm RBAC and control plane of test/fixtures/cluster) plus a
 * few bad workloads with non-Latin-1 names and a `<script>` annotation, evaluated by the registered checks, then
 * mapped with deriveResults onto small hand-made catalogues.
 *
 * Checks the registry does not have yet are stood in for by the few below (same ids as the planned built-ins);
 * a registered check always wins, so these fixtures keep working as the real checks land.
 */
export const CLUSTER_NAME = 'prod-zahlungsdienst-ü-支付-платёж';
export const SCRIPT_ANNOTATION = '<script>window.__pwned = 1</script>';
const COLLECTED_AT = '2026-09-28T06:00:00.000Z';
const MANIFESTS = new URL('../fixtures/cluster/manifests/', import.meta.url).pathname;
const CONFIGZ = new URL('../fixtures/cluster/configz/', import.meta.url).pathname;

// ---------------------------------------------------------------- stand-in checks

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

const serviceExposure = defineCheck({
  id: 'network.nodeport-services',
  title: 'Services are not exposed through NodePort or LoadBalancer',
  severity: 'medium',
  rationale: 'A NodePort or LoadBalancer Service is reachable from outside the cluster network.',
  remediation: 'Use ClusterIP Services behind an Ingress with TLS, or restrict loadBalancerSourceRanges.',
  reads: ['Service'],
  references: { nsa: ['Network separation and hardening'] },
  evaluate: ({ index }) =>
    index.list('Service').map((service): FindingDraft => {
      const spec = isObject(service['spec']) ? service['spec'] : {};
      const type = typeof spec['type'] === 'string' ? spec['type'] : 'ClusterIP';
      const selector = isObject(spec['selector']) ? spec['selector'] : {};
      const backends = index.workloads
        .filter((workload) => workload.namespace === service.metadata.namespace && Object.keys(selector).length > 0)
        .filter((workload) => Object.entries(selector).every(([key, value]) => workload.podMeta.labels?.[key] === value))
        .map((workload) => workload.ref);
      const ref = refOf(service);
      return type === 'NodePort' || type === 'LoadBalancer'
        ? { resource: ref, status: 'fail', message: `Service ${describeRef(ref)} is of type ${type}.`, evidence: [at('spec.type', type, 'ClusterIP')], related: backends }
        : { resource: ref, status: 'pass', message: `Service ${describeRef(ref)} is of type ${type}.`, evidence: [] };
    }),
});

const hostPathVolumes = workloadCheck({
  id: 'pss.baseline.hostpath-volumes',
  title: 'Pods do not mount hostPath volumes',
  severity: 'high',
  remediation: 'Replace hostPath volumes with persistent volumes or projected/configMap volumes.',
  pss: 'HostPath Volumes',
  inspect: (spec, path) =>
    (Array.isArray(spec['volumes']) ? spec['volumes'] : []).flatMap((volume, position) =>
      isObject(volume) && isObject(volume['hostPath']) ? [at(`${path}.volumes[${position}].hostPath.path`, volume['hostPath']['path'] ?? null, 'no hostPath volume')] : [],
    ),
});

const hostNamespaces = workloadCheck({
  id: 'pss.baseline.host-namespaces',
  title: 'Pods do not share the host network, PID or IPC namespaces',
  severity: 'high',
  remediation: 'Remove hostNetwork, hostPID and hostIPC from the pod spec.',
  pss: 'Host Namespaces',
  inspect: (spec, path) =>
    (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((field) => spec[field] === true).map((field) => at(`${path}.${field}`, true, 'false or unset')),
});

const hostPorts = workloadCheck({
  id: 'pss.baseline.host-ports',
  title: 'Containers do not bind host ports',
  severity: 'medium',
  remediation: 'Remove hostPort from container ports; expose the workload through a Service.',
  pss: 'Host Ports',
  inspect: (spec, path) =>
    (Array.isArray(spec['containers']) ? spec['containers'] : []).flatMap((container, position) =>
      isObject(container) && Array.isArray(container['ports'])
        ? container['ports'].flatMap((port, portIndex) =>
            isObject(port) && typeof port['hostPort'] === 'number' && port['hostPort'] > 0 ? [at(`${path}.containers[${position}].ports[${portIndex}].hostPort`, port['hostPort'], 'unset or 0')] : [],
          )
        : [],
    ),
});

const hostProcess = workloadCheck({
  id: 'pss.baseline.host-process',
  title: 'Windows pods do not run as HostProcess',
  severity: 'high',
  remediation: 'Remove securityContext.windowsOptions.hostProcess.',
  pss: 'HostProcess',
  inspect: (spec, path) => {
    const context = isObject(spec['securityContext']) ? spec['securityContext'] : {};
    const windows = isObject(context['windowsOptions']) ? context['windowsOptions'] : {};
    return windows['hostProcess'] === true ? [at(`${path}.securityContext.windowsOptions.hostProcess`, true, 'false or unset')] : [];
  },
});

const appArmor = defineCheck({
  id: 'pss.baseline.apparmor',
  title: 'AppArmor profiles are not overridden to unconfined',
  severity: 'medium',
  rationale: 'An unconfined or arbitrary AppArmor profile removes a layer of kernel confinement.',
  remediation: 'Use runtime/default or a localhost profile; remove other AppArmor annotations.',
  reads: ['Pod', 'Deployment.apps', 'DaemonSet.apps', 'StatefulSet.apps'],
  references: { pss: { level: 'baseline', control: 'AppArmor' } },
  evaluate: ({ index }) =>
    index.workloads.map((workload): FindingDraft => {
      const annotations = workload.podMeta.annotations ?? {};
      const bad = Object.entries(annotations).filter(
        ([key, value]) => key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/'),
      );
      const evidence = bad.map(([key, value]) => at(`${workload.metaPath}.annotations["${key}"]`, value, 'runtime/default or localhost/*'));
      return bad.length === 0
        ? { resource: workload.ref, status: 'pass', message: `${describeRef(workload.ref)} sets no disallowed AppArmor profile.`, evidence: [] }
        : { resource: workload.ref, status: 'fail', message: `${describeRef(workload.ref)} sets AppArmor profile ${bad.map(([, value]) => value).join(', ')}.`, evidence };
    }),
});

const clusterAdminBindings = defineCheck({
  id: 'rbac.cluster-admin-bindings',
  title: 'cluster-admin is bound only to system identities',
  severity: 'critical',
  rationale: 'cluster-admin grants every permission on every object.',
  remediation: 'Bind narrower roles; keep cluster-admin for break-glass identities.',
  reads: ['ClusterRoleBinding.rbac.authorization.k8s.io'],
  references: { cis: ['5.1.1'] },
  evaluate: ({ index }) =>
    index.list('ClusterRoleBinding.rbac.authorization.k8s.io').map((binding): FindingDraft => {
      const roleRef = isObject(binding['roleRef']) ? binding['roleRef'] : {};
      const subjects = Array.isArray(binding['subjects']) ? binding['subjects'].filter(isObject) : [];
      const users = subjects.filter((subject) => !String(subject['name']).startsWith('system:'));
      const ref = refOf(binding);
      return roleRef['name'] === 'cluster-admin' && users.length > 0
        ? { resource: ref, status: 'fail', message: `${describeRef(ref)} binds cluster-admin to ${users.map((subject) => String(subject['name'])).join(', ')}.`, evidence: [at('roleRef.name', 'cluster-admin', 'not cluster-admin')] }
        : { resource: ref, status: 'pass', message: `${describeRef(ref)} does not grant cluster-admin to non-system subjects.`, evidence: [] };
    }),
});

const secretsAccess = defineCheck({
  id: 'rbac.secrets-access',
  title: 'Roles do not grant read access to Secrets',
  severity: 'high',
  rationale: 'Reading Secrets yields credentials for other systems.',
  remediation: 'Remove get/list/watch on secrets, or scope the role to named secrets.',
  reads: ['ClusterRole.rbac.authorization.k8s.io', 'Role.rbac.authorization.k8s.io'],
  references: { cis: ['5.1.2'] },
  evaluate: ({ index }) =>
    [...index.list('ClusterRole.rbac.authorization.k8s.io'), ...index.list('Role.rbac.authorization.k8s.io')]
      .filter((role) => role.metadata.name !== 'cluster-admin' && !role.metadata.name.startsWith('system:'))
      .map((role): FindingDraft => {
        const rules = Array.isArray(role['rules']) ? role['rules'].filter(isObject) : [];
        const evidence = rules.flatMap((rule, position) =>
          Array.isArray(rule['resources']) && rule['resources'].includes('secrets') ? [at(`rules[${position}].resources`, rule['resources'], 'no secrets')] : [],
        );
        const ref = refOf(role);
        return evidence.length > 0
          ? { resource: ref, status: 'fail', message: `${describeRef(ref)} grants access to Secrets.`, evidence }
          : { resource: ref, status: 'pass', message: `${describeRef(ref)} grants no access to Secrets.`, evidence: [] };
      }),
});

const defaultDeny = defineCheck({
  id: 'network.namespace-default-deny-ingress',
  title: 'Every namespace has a default-deny ingress policy',
  severity: 'medium',
  rationale: 'Without a default deny, every pod accepts traffic from every other pod.',
  remediation: 'Add a NetworkPolicy with an empty podSelector and policyTypes [Ingress].',
  // Cilium policies count too, so a cluster that could not list them cannot be judged.
  reads: ['Namespace', 'NetworkPolicy.networking.k8s.io', 'CiliumNetworkPolicy.cilium.io'],
  references: { nsa: ['Network separation and hardening'] },
  evaluate: ({ index }) =>
    index.list('Namespace').map((namespace): FindingDraft => {
      const policies = index.inNamespace('NetworkPolicy.networking.k8s.io', namespace.metadata.name);
      const ref = refOf(namespace);
      if (policies.length > 0) return { resource: ref, status: 'pass', message: `Namespace ${namespace.metadata.name} has a network policy.`, evidence: [] };
      // A Cilium policy the collector could not list might be the default deny: cannot tell.
      return index.hasCollected('CiliumNetworkPolicy.cilium.io')
        ? { resource: ref, status: 'fail', message: `Namespace ${namespace.metadata.name} has no network policy.`, evidence: [at('networkPolicies', 0, 'at least one default-deny policy')] }
        : { resource: ref, status: 'unknown', message: `Namespace ${namespace.metadata.name} has no Kubernetes network policy; Cilium policies could not be read.`, evidence: [at('gaps[CiliumNetworkPolicy.cilium.io]', 'forbidden')] };
    }),
});

interface WorkloadCheckSpec {
  readonly id: string;
  readonly title: string;
  readonly severity: CheckMetadata['severity'];
  readonly remediation: string;
  readonly pss: string;
  readonly inspect: (spec: JsonObject, path: string) => ReturnType<typeof at>[];
}

function workloadCheck(spec: WorkloadCheckSpec): CheckDefinition {
  return defineCheck({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    rationale: `Pod Security Standards baseline control "${spec.pss}".`,
    remediation: spec.remediation,
    reads: ['Pod', 'Deployment.apps', 'DaemonSet.apps', 'StatefulSet.apps'],
    references: { pss: { level: 'baseline', control: spec.pss } },
    evaluate: ({ index }) =>
      index.workloads.map((workload): FindingDraft => {
        const evidence = spec.inspect(workload.podSpec, workload.specPath);
        return evidence.length === 0
          ? { resource: workload.ref, status: 'pass', message: `${describeRef(workload.ref)} passes "${spec.title}".`, evidence: [], related: workload.pods }
          : { resource: workload.ref, status: 'fail', message: `${describeRef(workload.ref)} does not meet "${spec.title}".`, evidence, related: workload.pods };
      }),
  });
}

const STAND_INS: readonly CheckDefinition[] = [serviceExposure, defaultDeny, hostPathVolumes, hostNamespaces, hostPorts, hostProcess, appArmor, clusterAdminBindings, secretsAccess];

/** The registered checks, then stand-ins for the ids the registry does not have yet. */
export function reportChecks(): CheckDefinition[] {
  const registered = new Set(BUILT_IN_CHECKS.map((check) => check.id));
  return [...BUILT_IN_CHECKS, ...STAND_INS.filter((check) => !registered.has(check.id))];
}

// ---------------------------------------------------------------- snapshot

function manifestObjects(): KubeObject[] {
  return manifestFiles(MANIFESTS).flatMap((file) => readManifests(file));
}

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => (entry.isDirectory() ? manifestFiles(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : []));
}

/** Each node's kubelet configuration as configz serves it. */
function nodeConfigs(): NodeConfig[] {
  return readdirSync(CONFIGZ)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ node: name.replace(/\.json$/, ''), kubeletConfig: (JSON.parse(readFileSync(join(CONFIGZ, name), 'utf8')) as { kubeletconfig: JsonObject }).kubeletconfig }));
}

const container = (name: string, extra: JsonObject = {}): JsonObject => ({ name, image: 'registry.example.com/payments/app:1.4.2', ...extra });

/** Workloads an audit should flag, named in German, Chinese and Russian, one with a `<script>` annotation. */
export function badWorkloads(): KubeObject[] {
  const deployment = (name: string, namespace: string, labels: Record<string, string>, podSpec: JsonObject, annotations: Record<string, string> = {}): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations }, spec: podSpec } },
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments', labels: { 'kubernetes.io/metadata.name': 'payments' } } },
    deployment(
      'zahlungsdienst-ü',
      'payments',
      { app: 'zahlungsdienst' },
      {
        containers: [container('server', { securityContext: { privileged: true } })],
        volumes: [{ name: 'host', hostPath: { path: '/var/run/containerd' } }],
      },
      { 'container.apparmor.security.beta.kubernetes.io/server': SCRIPT_ANNOTATION },
    ),
    deployment('legacy-batch', 'payments', { app: 'legacy-batch' }, { containers: [container('batch')], volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'zahlungsdienst-ü-öffentlich', namespace: 'payments' },
      spec: { type: 'LoadBalancer', selector: { app: 'zahlungsdienst' }, ports: [{ port: 443, targetPort: 8443 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: '支付', namespace: 'payments', labels: { app: 'zhifu' } },
      spec: {
        selector: { matchLabels: { app: 'zhifu' } },
        template: { metadata: { labels: { app: 'zhifu' } }, spec: { hostNetwork: true, containers: [container('agent', { ports: [{ containerPort: 8443, hostPort: 8443 }] })] } },
      },
    },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'платёж', namespace: 'default' }, spec: { containers: [container('debug', { securityContext: { privileged: true } })] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'платёж', namespace: 'payments' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'платёж-admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'платёж', namespace: 'payments' }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'secret-reader-支付' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
    },
  ];
}

/** The snapshot: CiliumNetworkPolicy could not be listed (forbidden), so checks that read it say unknown. */
export function reportSnapshot(options: { readonly bad?: boolean; readonly collectedAt?: string; readonly extra?: readonly KubeObject[] } = {}): Snapshot {
  const objects = [...manifestObjects(), ...(options.bad === false ? [] : badWorkloads()), ...(options.extra ?? [])];
  const base = snapshotOf(objects, { nodeConfigs: nodeConfigs() });
  const cilium = 'CiliumNetworkPolicy.cilium.io';
  return {
    ...base,
    cluster: { uid: '8a3c1f2e-6b7d-4e59-9c0a-4d2b1e7f3a55', name: CLUSTER_NAME, server: 'https://10.0.0.1:6443', version: 'v1.31.2' },
    collectedAt: options.collectedAt ?? COLLECTED_AT,
    collector: { username: 'system:serviceaccount:kubevidence:collector', groups: ['system:serviceaccounts'], source: 'SelfSubjectReview' },
    collectedKinds: base.collectedKinds.filter((kind) => kind !== cilium),
    gaps: [{ kind: cilium, reason: 'forbidden', httpStatus: 403, detail: 'ciliumnetworkpolicies.cilium.io is forbidden: User cannot list resource' }],
  };
}

// ---------------------------------------------------------------- catalogues

function requirement(id: string, title: string, checks: readonly string[], manualEvidence: readonly string[] = [], section?: string): Requirement {
  return {
    id,
    title,
    checks,
    manualEvidence,
    coverage: checks.length === 0 ? 'none' : 'partial',
    source: { type: 'inferred', ref: 'report test fixture' },
    ...(section === undefined ? {} : { section }),
  };
}

function catalogue(id: string, name: string, version: string, requirements: readonly Requirement[]): Catalogue {
  const sha256 = createHash('sha256').update(JSON.stringify({ id, version, requirements })).digest('hex');
  return { id, name, version, publisher: 'test', sourceUrl: 'https://example.com', licence: 'test', requirements, file: `controls/frameworks/${id}.yaml`, sha256 };
}

export function reportCatalogues(): Catalogue[] {
  return [
    catalogue('pci-dss-4.0', 'PCI DSS', '4.0', [
      requirement('1.2.5', 'Only approved services, protocols and ports are exposed', ['network.nodeport-services'], ['Approved ports and services list'], 'Requirement 1'),
      requirement('1.3.1', 'Inbound traffic to the cardholder data environment is restricted', ['network.namespace-default-deny-ingress'], [], 'Requirement 1'),
      requirement('2.2.1', 'Configuration standards are applied to system components', ['pss.baseline.privileged-containers', 'pss.baseline.hostpath-volumes', 'pss.baseline.host-namespaces'], ['Documented configuration standards'], 'Requirement 2'),
      requirement('2.2.5', 'Insecure services and settings are justified', ['pss.baseline.apparmor', 'pss.baseline.host-ports'], [], 'Requirement 2'),
      requirement('7.2.1', 'Access is assigned by least privilege', ['rbac.cluster-admin-bindings', 'rbac.secrets-access'], ['Quarterly access review records'], 'Requirement 7'),
      requirement('10.2.1', 'Audit logs are enabled and active', [], ['Audit log configuration and samples'], 'Requirement 10'),
      requirement('12.10.1', 'An incident response plan exists', [], ['Incident response plan'], 'Requirement 12'),
    ]),
    catalogue('hipaa-security-rule', 'HIPAA Security Rule', '2013', [
      requirement('164.312(a)(1)', 'Access control: allow access only to authorised persons or software', ['rbac.cluster-admin-bindings', 'rbac.secrets-access']),
      requirement('164.312(b)', 'Audit controls record and examine activity', [], ['Audit log review procedure']),
      requirement('164.312(e)(1)', 'Transmission security guards against unauthorised access', ['network.nodeport-services']),
    ]),
    catalogue('nist-800-53-r5', 'NIST SP 800-53', 'Rev. 5', [
      requirement('AC-6(9)', 'Log use of privileged functions; limit privileged containers', ['pss.baseline.privileged-containers']),
      requirement('CM-7', 'Least functionality', ['pss.baseline.host-namespaces', 'pss.baseline.host-ports']),
      requirement('SC-7', 'Boundary protection', ['network.namespace-default-deny-ingress', 'network.nodeport-services']),
      requirement('SC-39', 'Process isolation', ['pss.baseline.host-process']),
    ]),
  ];
}

// ---------------------------------------------------------------- runs

export const ATTACHMENT_BYTES = Buffer.from('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n');
export const ATTACHMENT_NAME = 'Prüfbericht-审计-policy.yaml';

export function reportAttestations(): Attestation[] {
  return [
    {
      id: 'att-0001',
      framework: 'pci-dss-4.0',
      requirement: '10.2.1',
      by: 'Dana Prüferin <dana@example.com>',
      note: 'Audit policy reviewed; logs shipped to the SIEM.',
      createdAt: '2026-09-01T10:00:00.000Z',
      expiresAt: '2027-08-31',
      files: [{ name: ATTACHMENT_NAME, sha256: createHash('sha256').update(ATTACHMENT_BYTES).digest('hex'), size: ATTACHMENT_BYTES.length }],
    },
  ];
}

export function reportWaivers(): Waiver[] {
  return [
    {
      id: 'waivers.yaml:3',
      check: 'pss.baseline.hostpath-volumes',
      selector: { namespace: 'payments', name: 'legacy-batch' },
      justification: 'Legacy log shipper; replaced in Q1 2027.',
      approver: 'Jürgen Risk <risk@example.com>',
      expires: '2027-03-31',
    },
    {
      id: 'waivers.yaml:11',
      check: 'pss.baseline.privileged-containers',
      selector: { namespace: 'default', name: 'платёж' },
      justification: 'Debug pod, temporary.',
      approver: 'Ops <ops@example.com>',
      expires: '2026-01-31',
    },
  ];
}

export interface RunOptions {
  readonly id?: number;
  readonly snapshot?: Snapshot;
  readonly previousHash?: string | null;
  /** Default: reportChecks(). */
  readonly checks?: readonly CheckDefinition[];
  /** Default: reportAttestations(). */
  readonly attestations?: readonly Attestation[];
}

/** Evaluate + map, as the pipeline does before the store: what insertRun receives as `assessment`. */
export function assessmentOf(snapshot: Snapshot, options: Pick<RunOptions, 'checks' | 'attestations'> = {}): Assessment {
  const checks = options.checks ?? reportChecks();
  const catalogues = reportCatalogues();
  const index = new SnapshotIndex(snapshot);
  const collectedAt = snapshot.collectedAt ?? COLLECTED_AT;
  const evaluated = evaluateChecks(snapshot, checks, undefined, index);
  const waived = applyWaivers(evaluated, reportWaivers(), new Date(collectedAt), labelsInSnapshot(index));
  const metadata: CheckMetadata[] = checks.map(({ evaluate: _evaluate, needs: _needs, ...meta }) => meta);
  const attestations = options.attestations ?? reportAttestations();
  const results = deriveResults(waived.findings, catalogues, attestations, new Date(collectedAt), metadata);
  return {
    cluster: snapshot.cluster,
    collectedAt,
    collector: snapshot.collector,
    gaps: snapshot.gaps,
    checks: metadata,
    findings: waived.findings,
    results,
    scores: scoreFrameworks(results, waived.findings, metadata),
    catalogues: appliedCatalogues(catalogues),
    catalogueDigest: catalogueDigest(catalogues),
    waivers: waived.outcome,
    attestations: [...attestations],
  };
}

/** A run as the store would return it (RunRecord), evaluated and mapped for real. */
export function reportRun(options: RunOptions = {}): RunRecord {
  const snapshot = options.snapshot ?? reportSnapshot();
  const assessment = assessmentOf(snapshot, options);
  const id = options.id ?? 42;
  const snapshotDigest = createHash('sha256').update(JSON.stringify(snapshot.resources)).digest('hex');
  return {
    ...assessment,
    id,
    clusterUid: snapshot.cluster.uid ?? 'unknown',
    clusterName: snapshot.cluster.name,
    startedAt: assessment.collectedAt,
    finishedAt: new Date(Date.parse(assessment.collectedAt) + 42_000).toISOString(),
    toolVersion: '0.1.0',
    snapshotDigest,
    hash: createHash('sha256').update(`${id}:${snapshotDigest}`).digest('hex'),
    previousHash: options.previousHash === undefined ? 'a'.repeat(64) : options.previousHash,
    evidence: snapshot.resources.map((object) => ({ resource: refOf(object), sha256: createHash('sha256').update(JSON.stringify(object)).digest('hex') })),
  };
}

function summaryOf(run: RunRecord): RunSummary {
  const { id, clusterUid, clusterName, collectedAt, startedAt, finishedAt, toolVersion, snapshotDigest, catalogueDigest: digest, hash, previousHash, scores } = run;
  return { id, clusterUid, clusterName, collectedAt, startedAt, finishedAt, toolVersion, snapshotDigest, catalogueDigest: digest, hash, previousHash, scores };
}

const findingKey = (finding: Finding): string => `${finding.check} ${describeRef(finding.resource)}`;

/** What the store's diffRuns would say between two runs (findings and requirement statuses; resources by ref). */
export function diffOf(from: RunRecord, to: RunRecord): RunDiff {
  const failing = (run: RunRecord): Map<string, Finding> => new Map(run.findings.filter((finding) => finding.status === 'fail' || finding.status === 'unknown').map((finding) => [findingKey(finding), finding]));
  const before = failing(from);
  const after = failing(to);
  const statusBefore = new Map(from.results.map((result) => [`${result.framework} ${result.requirement}`, result]));
  const requirements: RequirementChange[] = to.results.flatMap((result) => {
    const previous = statusBefore.get(`${result.framework} ${result.requirement}`)?.status ?? null;
    return previous === result.status ? [] : [{ framework: result.framework, requirement: result.requirement, before: previous, after: result.status }];
  });
  const refsBefore = new Set(from.evidence.map((evidence) => describeRef(evidence.resource)));
  const refsAfter = new Set(to.evidence.map((evidence) => describeRef(evidence.resource)));
  return {
    from: summaryOf(from),
    to: summaryOf(to),
    requirements,
    findings: { newlyFailing: [...after].filter(([key]) => !before.has(key)).map(([, finding]) => finding), fixed: [...before].filter(([key]) => !after.has(key)).map(([, finding]) => finding) },
    resources: {
      added: to.evidence.filter((evidence) => !refsBefore.has(describeRef(evidence.resource))).map((evidence) => evidence.resource),
      removed: from.evidence.filter((evidence) => !refsAfter.has(describeRef(evidence.resource))).map((evidence) => evidence.resource),
      changed: [],
    },
  };
}

/** Score trend: three earlier (cleaner) runs, then the current one. */
export function trendOf(run: RunRecord): ScorePoint[] {
  const earlier = [
    { runId: 39, collectedAt: '2026-07-06T06:00:00.000Z', delta: 0 },
    { runId: 40, collectedAt: '2026-08-03T06:00:00.000Z', delta: 5 },
    { runId: 41, collectedAt: '2026-09-07T06:00:00.000Z', delta: 12.5 },
  ];
  return run.scores.flatMap((score) => [
    ...earlier.map(({ runId, collectedAt, delta }) => ({ runId, collectedAt, framework: score.framework, score: score.score === null ? null : Math.min(100, score.score + 40 - delta) })),
    { runId: run.id, collectedAt: run.collectedAt, framework: score.framework, score: score.score },
  ]);
}

export function historyOf(run: RunRecord): RequirementHistory[] {
  return run.results.map((result) => ({
    framework: result.framework,
    requirement: result.requirement,
    runs: 4,
    passed: result.status === 'pass' ? 4 : 2,
    failed: result.status === 'fail' ? 2 : 0,
    unknown: result.status === 'unknown' ? 2 : 0,
    meanTimeToRemediateHours: result.status === 'fail' ? 36.5 : null,
  }));
}

export const SIGNER = { name: 'Compliance Team', subject: 'CN=Compliance Team, O=Zahlungsdienst GmbH', fingerprint: 'AB:CD:EF:01:23:45:67:89' } as const;

/** The full pack input: the run above compared with a run before the bad workloads arrived, over 2026-Q3. */
export function reportPackInput(overrides: Partial<PackInput> = {}): PackInput {
  const run = reportRun();
  const previous = reportRun({ id: 41, snapshot: reportSnapshot({ bad: false, collectedAt: '2026-09-07T06:00:00.000Z' }) });
  return {
    run,
    catalogues: reportCatalogues(),
    trend: trendOf(run),
    requirementHistory: historyOf(run),
    diff: diffOf(previous, run),
    period: { label: '2026-Q3', from: '2026-07-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' },
    generatedAt: '2026-10-01T08:00:00.000Z',
    signer: SIGNER,
    ...overrides,
  };
}

/** Attachment bytes by SHA-256, as the CLI reads them from the store for writePack. */
export function reportAttachments(): Map<string, Buffer> {
  return new Map([[createHash('sha256').update(ATTACHMENT_BYTES).digest('hex'), ATTACHMENT_BYTES]]);
}

/** `count` privileged Deployments spread over 50 namespaces: a run with at least that many failing findings. */
export function largeSnapshot(count: number): Snapshot {
  const extra: KubeObject[] = Array.from({ length: count }, (_, index) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `svc-${String(index).padStart(5, '0')}-платёж`, namespace: `team-${index % 50}`, labels: { app: `svc-${index}` } },
    spec: {
      selector: { matchLabels: { app: `svc-${index}` } },
      template: { metadata: { labels: { app: `svc-${index}` } }, spec: { containers: [container('app', { securityContext: { privileged: true } })] } },
    },
  }));
  return reportSnapshot({ extra });
}
