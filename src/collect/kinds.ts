import { kindKeyOf } from '../domain/snapshot.js';

/** One kind the collector reads, with the REST coordinates to list it. */
export interface CollectedKind {
  readonly kind: string;
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** Listed as PartialObjectMetadataList: only metadata ever leaves the API server (Secrets). */
  readonly metadataOnly?: boolean;
  /** Only listed when this CRD exists (Calico, Cilium); absence is not a gap. */
  readonly optionalCrd?: string;
}

/** Everything the checks read. Order is the order of collection and of progress output. */
export const COLLECTED_KINDS: readonly CollectedKind[] = [
  { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', namespaced: false },
  { kind: 'Node', group: '', version: 'v1', plural: 'nodes', namespaced: false },
  { kind: 'Pod', group: '', version: 'v1', plural: 'pods', namespaced: true },
  { kind: 'Service', group: '', version: 'v1', plural: 'services', namespaced: true },
  { kind: 'ServiceAccount', group: '', version: 'v1', plural: 'serviceaccounts', namespaced: true },
  { kind: 'ConfigMap', group: '', version: 'v1', plural: 'configmaps', namespaced: true },
  { kind: 'Secret', group: '', version: 'v1', plural: 'secrets', namespaced: true, metadataOnly: true },
  { kind: 'PersistentVolume', group: '', version: 'v1', plural: 'persistentvolumes', namespaced: false },
  { kind: 'PersistentVolumeClaim', group: '', version: 'v1', plural: 'persistentvolumeclaims', namespaced: true },
  { kind: 'LimitRange', group: '', version: 'v1', plural: 'limitranges', namespaced: true },
  { kind: 'ResourceQuota', group: '', version: 'v1', plural: 'resourcequotas', namespaced: true },
  { kind: 'ReplicationController', group: '', version: 'v1', plural: 'replicationcontrollers', namespaced: true },
  { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments', namespaced: true },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', plural: 'statefulsets', namespaced: true },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', plural: 'daemonsets', namespaced: true },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', plural: 'replicasets', namespaced: true },
  { kind: 'Job', group: 'batch', version: 'v1', plural: 'jobs', namespaced: true },
  { kind: 'CronJob', group: 'batch', version: 'v1', plural: 'cronjobs', namespaced: true },
  { kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', namespaced: true },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', namespaced: true },
  { kind: 'Role', group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', namespaced: true },
  { kind: 'ClusterRole', group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', namespaced: false },
  { kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', namespaced: true },
  { kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', namespaced: false },
  { kind: 'StorageClass', group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', namespaced: false },
  { kind: 'PriorityClass', group: 'scheduling.k8s.io', version: 'v1', plural: 'priorityclasses', namespaced: false },
  { kind: 'ValidatingWebhookConfiguration', group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingwebhookconfigurations', namespaced: false },
  { kind: 'MutatingWebhookConfiguration', group: 'admissionregistration.k8s.io', version: 'v1', plural: 'mutatingwebhookconfigurations', namespaced: false },
  { kind: 'ValidatingAdmissionPolicy', group: 'admissionregistration.k8s.io', version: 'v1', plural: 'validatingadmissionpolicies', namespaced: false },
  { kind: 'CustomResourceDefinition', group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', namespaced: false, metadataOnly: true },
  { kind: 'NetworkPolicy', group: 'crd.projectcalico.org', version: 'v1', plural: 'networkpolicies', namespaced: true, optionalCrd: 'networkpolicies.crd.projectcalico.org' },
  { kind: 'GlobalNetworkPolicy', group: 'crd.projectcalico.org', version: 'v1', plural: 'globalnetworkpolicies', namespaced: false, optionalCrd: 'globalnetworkpolicies.crd.projectcalico.org' },
  { kind: 'CiliumNetworkPolicy', group: 'cilium.io', version: 'v2', plural: 'ciliumnetworkpolicies', namespaced: true, optionalCrd: 'ciliumnetworkpolicies.cilium.io' },
  { kind: 'CiliumClusterwideNetworkPolicy', group: 'cilium.io', version: 'v2', plural: 'ciliumclusterwidenetworkpolicies', namespaced: false, optionalCrd: 'ciliumclusterwidenetworkpolicies.cilium.io' },
  // Gateway API: routes into the cluster, for internet exposure.
  { kind: 'Gateway', group: 'gateway.networking.k8s.io', version: 'v1', plural: 'gateways', namespaced: true, optionalCrd: 'gateways.gateway.networking.k8s.io' },
  { kind: 'HTTPRoute', group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes', namespaced: true, optionalCrd: 'httproutes.gateway.networking.k8s.io' },
  { kind: 'GRPCRoute', group: 'gateway.networking.k8s.io', version: 'v1', plural: 'grpcroutes', namespaced: true, optionalCrd: 'grpcroutes.gateway.networking.k8s.io' },
  { kind: 'TLSRoute', group: 'gateway.networking.k8s.io', version: 'v1alpha2', plural: 'tlsroutes', namespaced: true, optionalCrd: 'tlsroutes.gateway.networking.k8s.io' },
  // What the cluster's own security tools found (trivy-operator, policy reports): evidence, read like any kind.
  { kind: 'VulnerabilityReport', group: 'aquasecurity.github.io', version: 'v1alpha1', plural: 'vulnerabilityreports', namespaced: true, optionalCrd: 'vulnerabilityreports.aquasecurity.github.io' },
  { kind: 'ExposedSecretReport', group: 'aquasecurity.github.io', version: 'v1alpha1', plural: 'exposedsecretreports', namespaced: true, optionalCrd: 'exposedsecretreports.aquasecurity.github.io' },
  { kind: 'ConfigAuditReport', group: 'aquasecurity.github.io', version: 'v1alpha1', plural: 'configauditreports', namespaced: true, optionalCrd: 'configauditreports.aquasecurity.github.io' },
  { kind: 'RbacAssessmentReport', group: 'aquasecurity.github.io', version: 'v1alpha1', plural: 'rbacassessmentreports', namespaced: true, optionalCrd: 'rbacassessmentreports.aquasecurity.github.io' },
  { kind: 'ClusterRbacAssessmentReport', group: 'aquasecurity.github.io', version: 'v1alpha1', plural: 'clusterrbacassessmentreports', namespaced: false, optionalCrd: 'clusterrbacassessmentreports.aquasecurity.github.io' },
  { kind: 'ClusterComplianceReport', group: 'aquasecurity.github.io', version: 'v1alpha1', plural: 'clustercompliancereports', namespaced: false, optionalCrd: 'clustercompliancereports.aquasecurity.github.io' },
  { kind: 'PolicyReport', group: 'wgpolicyk8s.io', version: 'v1alpha2', plural: 'policyreports', namespaced: true, optionalCrd: 'policyreports.wgpolicyk8s.io' },
  { kind: 'ClusterPolicyReport', group: 'wgpolicyk8s.io', version: 'v1alpha2', plural: 'clusterpolicyreports', namespaced: false, optionalCrd: 'clusterpolicyreports.wgpolicyk8s.io' },
];

export function keyOfCollectedKind(kind: CollectedKind): string {
  return kindKeyOf(kind.group === '' ? kind.version : `${kind.group}/${kind.version}`, kind.kind);
}

/** Every kind key the collector knows; offline input is taken as the complete inventory of these. */
export const COLLECTED_KIND_KEYS: readonly string[] = COLLECTED_KINDS.map(keyOfCollectedKind);
