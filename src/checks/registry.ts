import type { CheckDefinition } from './define-check.js';
import vulnerabilitiesFixablePastGrace from './vulnerabilities/fixable-past-grace.js';
import vulnerabilitiesScanCoverage from './vulnerabilities/scan-coverage.js';
import vulnerabilitiesExposedSecrets from './vulnerabilities/exposed-secrets.js';
import policyPolicyReportFailures from './policy/policy-report-failures.js';
import policyConfigAuditFailures from './policy/config-audit-failures.js';
import versionsKubernetesSupported from './versions/kubernetes-supported.js';
import versionsKubernetesSupportEnding from './versions/kubernetes-support-ending.js';
import networkInternetExposure from './network/internet-exposure.js';
import privilegedContainers from './pss/baseline/privileged-containers.js';
import pssBaselineHostProcess from './pss/baseline/host-process.js';
import pssBaselineHostNamespaces from './pss/baseline/host-namespaces.js';
import pssBaselineCapabilities from './pss/baseline/capabilities.js';
import pssBaselineHostpathVolumes from './pss/baseline/hostpath-volumes.js';
import pssBaselineHostPorts from './pss/baseline/host-ports.js';
import pssBaselineHostProbes from './pss/baseline/host-probes.js';
import pssBaselineApparmor from './pss/baseline/apparmor.js';
import pssBaselineSelinux from './pss/baseline/selinux.js';
import pssBaselineProcMount from './pss/baseline/proc-mount.js';
import pssBaselineSeccomp from './pss/baseline/seccomp.js';
import pssBaselineSysctls from './pss/baseline/sysctls.js';
import pssRestrictedVolumeTypes from './pss/restricted/volume-types.js';
import pssRestrictedPrivilegeEscalation from './pss/restricted/privilege-escalation.js';
import pssRestrictedRunningAsNonRoot from './pss/restricted/running-as-non-root.js';
import pssRestrictedRunningAsNonRootUser from './pss/restricted/running-as-non-root-user.js';
import pssRestrictedSeccomp from './pss/restricted/seccomp.js';
import pssRestrictedCapabilities from './pss/restricted/capabilities.js';
import workloadReadOnlyRootFilesystem from './workload/read-only-root-filesystem.js';
import workloadResourceLimits from './workload/resource-limits.js';
import workloadResourceRequests from './workload/resource-requests.js';
import workloadContainerRuntimeSocket from './workload/container-runtime-socket.js';
import workloadServiceAccountTokenAutomount from './workload/service-account-token-automount.js';
import workloadServiceAccountPower from './workload/service-account-power.js';
import imagesLatestTag from './images/latest-tag.js';
import imagesDigestPinning from './images/digest-pinning.js';
import imagesRegistryAllowList from './images/registry-allow-list.js';
import imagesPullPolicyAlways from './images/pull-policy-always.js';
import namespacesDefaultNamespaceWorkloads from './namespaces/default-namespace-workloads.js';
import namespacesPodSecurityLabels from './namespaces/pod-security-labels.js';
import namespacesLimitRange from './namespaces/limit-range.js';
import namespacesResourceQuota from './namespaces/resource-quota.js';
import rbacClusterAdminBindings from './rbac/cluster-admin-bindings.js';
import rbacSecretsAccess from './rbac/secrets-access.js';
import rbacWildcardVerbs from './rbac/wildcard-verbs.js';
import rbacWildcardResources from './rbac/wildcard-resources.js';
import rbacPodCreate from './rbac/pod-create.js';
import rbacDefaultServiceAccountBindings from './rbac/default-service-account-bindings.js';
import rbacDefaultServiceAccountAutomount from './rbac/default-service-account-automount.js';
import rbacSystemMastersGroup from './rbac/system-masters-group.js';
import rbacEscalateBindImpersonate from './rbac/escalate-bind-impersonate.js';
import rbacPersistentVolumeCreate from './rbac/persistent-volume-create.js';
import rbacNodeProxy from './rbac/node-proxy.js';
import rbacCsrApproval from './rbac/csr-approval.js';
import rbacWebhookConfiguration from './rbac/webhook-configuration.js';
import rbacServiceAccountTokenCreate from './rbac/service-account-token-create.js';
import rbacPodExec from './rbac/pod-exec.js';
import rbacWorkloadControllerWrite from './rbac/workload-controller-write.js';
import rbacAnonymousBindings from './rbac/anonymous-bindings.js';
import networkNamespaceDefaultDenyIngress from './network/namespace-default-deny-ingress.js';
import networkNamespaceDefaultDenyEgress from './network/namespace-default-deny-egress.js';
import networkWorkloadNotSelected from './network/workload-not-selected.js';
import networkNodeportServices from './network/nodeport-services.js';
import networkLoadbalancerServices from './network/loadbalancer-services.js';
import networkIngressTls from './network/ingress-tls.js';
import networkServiceExternalIps from './network/service-external-ips.js';
import secretsEnvSecretRefs from './secrets/env-secret-refs.js';
import secretsLiteralEnvValues from './secrets/literal-env-values.js';
import secretsConfigmapSecretKeys from './secrets/configmap-secret-keys.js';
import secretsLegacyServiceAccountTokens from './secrets/legacy-service-account-tokens.js';
import storageWritableHostPath from './storage/writable-host-path.js';
import storagePvHostPath from './storage/pv-host-path.js';
import storagePvReclaimPolicy from './storage/pv-reclaim-policy.js';
import storageClassEncryption from './storage/class-encryption.js';
import admissionPolicyEnforcement from './admission/policy-enforcement.js';
import apiServerAnonymousAuth from './apiserver/anonymous-auth.js';
import apiServerTokenAuthFile from './apiserver/token-auth-file.js';
import apiServerDenyServiceExternalIps from './apiserver/deny-service-external-ips.js';
import apiServerKubeletClientCertificate from './apiserver/kubelet-client-certificate.js';
import apiServerKubeletCertificateAuthority from './apiserver/kubelet-certificate-authority.js';
import apiServerAuthorizationModeNotAlwaysAllow from './apiserver/authorization-mode-not-always-allow.js';
import apiServerAuthorizationModeNode from './apiserver/authorization-mode-node.js';
import apiServerAuthorizationModeRbac from './apiserver/authorization-mode-rbac.js';
import apiServerAdmissionEventRateLimit from './apiserver/admission-event-rate-limit.js';
import apiServerAdmissionAlwaysAdmitDisabled from './apiserver/admission-always-admit-disabled.js';
import apiServerAdmissionAlwaysPullImages from './apiserver/admission-always-pull-images.js';
import apiServerAdmissionNamespaceLifecycle from './apiserver/admission-namespace-lifecycle.js';
import apiServerAdmissionNodeRestriction from './apiserver/admission-node-restriction.js';
import apiServerProfilingDisabled from './apiserver/profiling-disabled.js';
import apiServerAuditLogPath from './apiserver/audit-log-path.js';
import apiServerAuditLogMaxage from './apiserver/audit-log-maxage.js';
import apiServerAuditLogMaxbackup from './apiserver/audit-log-maxbackup.js';
import apiServerAuditLogMaxsize from './apiserver/audit-log-maxsize.js';
import apiServerRequestTimeout from './apiserver/request-timeout.js';
import apiServerServiceAccountLookup from './apiserver/service-account-lookup.js';
import apiServerServiceAccountKeyFile from './apiserver/service-account-key-file.js';
import apiServerEtcdClientCertificates from './apiserver/etcd-client-certificates.js';
import apiServerTlsCertFile from './apiserver/tls-cert-file.js';
import apiServerClientCaFile from './apiserver/client-ca-file.js';
import apiServerEtcdCafile from './apiserver/etcd-cafile.js';
import apiServerEncryptionProviderConfig from './apiserver/encryption-provider-config.js';
import apiServerStrongTlsCiphers from './apiserver/strong-tls-ciphers.js';
import apiServerAuditPolicyFile from './apiserver/audit-policy-file.js';
import controllerManagerTerminatedPodGcThreshold from './controller-manager/terminated-pod-gc-threshold.js';
import controllerManagerProfilingDisabled from './controller-manager/profiling-disabled.js';
import controllerManagerUseServiceAccountCredentials from './controller-manager/use-service-account-credentials.js';
import controllerManagerServiceAccountPrivateKeyFile from './controller-manager/service-account-private-key-file.js';
import controllerManagerRootCaFile from './controller-manager/root-ca-file.js';
import controllerManagerRotateKubeletServerCertificate from './controller-manager/rotate-kubelet-server-certificate.js';
import controllerManagerBindAddress from './controller-manager/bind-address.js';
import schedulerProfilingDisabled from './scheduler/profiling-disabled.js';
import schedulerBindAddress from './scheduler/bind-address.js';
import etcdCertFile from './etcd/cert-file.js';
import etcdClientCertAuth from './etcd/client-cert-auth.js';
import etcdAutoTlsDisabled from './etcd/auto-tls-disabled.js';
import etcdPeerCertFile from './etcd/peer-cert-file.js';
import etcdPeerClientCertAuth from './etcd/peer-client-cert-auth.js';
import etcdPeerAutoTlsDisabled from './etcd/peer-auto-tls-disabled.js';
import kubeletAnonymousAuth from './kubelet/anonymous-auth.js';
import kubeletAuthorizationMode from './kubelet/authorization-mode.js';
import kubeletClientCaFile from './kubelet/client-ca-file.js';
import kubeletReadOnlyPort from './kubelet/read-only-port.js';
import kubeletStreamingConnectionIdleTimeout from './kubelet/streaming-connection-idle-timeout.js';
import kubeletMakeIptablesUtilChains from './kubelet/make-iptables-util-chains.js';
import kubeletHostnameOverride from './kubelet/hostname-override.js';
import kubeletEventRecordQps from './kubelet/event-record-qps.js';
import kubeletTlsCertFiles from './kubelet/tls-cert-files.js';
import kubeletRotateCertificates from './kubelet/rotate-certificates.js';
import kubeletRotateServerCertificates from './kubelet/rotate-server-certificates.js';
import kubeletTlsCipherSuites from './kubelet/tls-cipher-suites.js';
import kubeletProtectKernelDefaults from './kubelet/protect-kernel-defaults.js';

/**
 * Every built-in check, in the order findings are reported. Adding a check: one file under src/checks/<theme>/,
 * one line here, a fixture folder test/checks/<id>/ with pass.* and fail.* manifests, and a catalogue that maps it.
 */
export const BUILT_IN_CHECKS: readonly CheckDefinition[] = [
  // Pod Security Standards — baseline (in the order of the official table)
  pssBaselineHostProcess,
  pssBaselineHostNamespaces,
  privilegedContainers,
  pssBaselineCapabilities,
  pssBaselineHostpathVolumes,
  pssBaselineHostPorts,
  pssBaselineHostProbes,
  pssBaselineApparmor,
  pssBaselineSelinux,
  pssBaselineProcMount,
  pssBaselineSeccomp,
  pssBaselineSysctls,
  // Pod Security Standards — restricted
  pssRestrictedVolumeTypes,
  pssRestrictedPrivilegeEscalation,
  pssRestrictedRunningAsNonRoot,
  pssRestrictedRunningAsNonRootUser,
  pssRestrictedSeccomp,
  pssRestrictedCapabilities,
  // Workload hardening
  workloadReadOnlyRootFilesystem,
  workloadResourceLimits,
  workloadResourceRequests,
  workloadContainerRuntimeSocket,
  workloadServiceAccountTokenAutomount,
  workloadServiceAccountPower,
  // Images and supply chain
  imagesLatestTag,
  imagesDigestPinning,
  imagesRegistryAllowList,
  imagesPullPolicyAlways,
  // Namespaces and isolation
  namespacesDefaultNamespaceWorkloads,
  namespacesPodSecurityLabels,
  namespacesLimitRange,
  namespacesResourceQuota,
  // RBAC and service accounts (CIS 5.1)
  rbacClusterAdminBindings,
  rbacSecretsAccess,
  rbacWildcardVerbs,
  rbacWildcardResources,
  rbacPodCreate,
  rbacDefaultServiceAccountBindings,
  rbacDefaultServiceAccountAutomount,
  rbacSystemMastersGroup,
  rbacEscalateBindImpersonate,
  rbacPersistentVolumeCreate,
  rbacNodeProxy,
  rbacCsrApproval,
  rbacWebhookConfiguration,
  rbacServiceAccountTokenCreate,
  rbacPodExec,
  rbacWorkloadControllerWrite,
  rbacAnonymousBindings,
  // Network segmentation and exposure (CIS 5.3)
  networkNamespaceDefaultDenyIngress,
  networkNamespaceDefaultDenyEgress,
  networkWorkloadNotSelected,
  networkNodeportServices,
  networkLoadbalancerServices,
  networkIngressTls,
  networkServiceExternalIps,
  // Secrets (CIS 5.4)
  secretsEnvSecretRefs,
  secretsLiteralEnvValues,
  secretsConfigmapSecretKeys,
  secretsLegacyServiceAccountTokens,
  // Storage
  storageWritableHostPath,
  storagePvHostPath,
  storagePvReclaimPolicy,
  storageClassEncryption,
  // Admission control (CIS 5.2.1)
  admissionPolicyEnforcement,
  // Control plane — kube-apiserver (CIS 1.2, 3.2)
  apiServerAnonymousAuth,
  apiServerTokenAuthFile,
  apiServerDenyServiceExternalIps,
  apiServerKubeletClientCertificate,
  apiServerKubeletCertificateAuthority,
  apiServerAuthorizationModeNotAlwaysAllow,
  apiServerAuthorizationModeNode,
  apiServerAuthorizationModeRbac,
  apiServerAdmissionEventRateLimit,
  apiServerAdmissionAlwaysAdmitDisabled,
  apiServerAdmissionAlwaysPullImages,
  apiServerAdmissionNamespaceLifecycle,
  apiServerAdmissionNodeRestriction,
  apiServerProfilingDisabled,
  apiServerAuditLogPath,
  apiServerAuditLogMaxage,
  apiServerAuditLogMaxbackup,
  apiServerAuditLogMaxsize,
  apiServerRequestTimeout,
  apiServerServiceAccountLookup,
  apiServerServiceAccountKeyFile,
  apiServerEtcdClientCertificates,
  apiServerTlsCertFile,
  apiServerClientCaFile,
  apiServerEtcdCafile,
  apiServerEncryptionProviderConfig,
  apiServerStrongTlsCiphers,
  apiServerAuditPolicyFile,
  // Control plane — kube-controller-manager (CIS 1.3)
  controllerManagerTerminatedPodGcThreshold,
  controllerManagerProfilingDisabled,
  controllerManagerUseServiceAccountCredentials,
  controllerManagerServiceAccountPrivateKeyFile,
  controllerManagerRootCaFile,
  controllerManagerRotateKubeletServerCertificate,
  controllerManagerBindAddress,
  // Control plane — kube-scheduler (CIS 1.4)
  schedulerProfilingDisabled,
  schedulerBindAddress,
  // Control plane — etcd (CIS 2)
  etcdCertFile,
  etcdClientCertAuth,
  etcdAutoTlsDisabled,
  etcdPeerCertFile,
  etcdPeerClientCertAuth,
  etcdPeerAutoTlsDisabled,
  // Kubelet, from configz (CIS 4.2)
  kubeletAnonymousAuth,
  kubeletAuthorizationMode,
  kubeletClientCaFile,
  kubeletReadOnlyPort,
  kubeletStreamingConnectionIdleTimeout,
  kubeletMakeIptablesUtilChains,
  kubeletHostnameOverride,
  kubeletEventRecordQps,
  kubeletTlsCertFiles,
  kubeletRotateCertificates,
  kubeletRotateServerCertificates,
  kubeletTlsCipherSuites,
  kubeletProtectKernelDefaults,
  // Evidence from the cluster's own security tools (trivy-operator, policy reports)
  vulnerabilitiesFixablePastGrace,
  vulnerabilitiesScanCoverage,
  vulnerabilitiesExposedSecrets,
  policyPolicyReportFailures,
  policyConfigAuditFailures,
  // Supported versions and exposure
  versionsKubernetesSupported,
  versionsKubernetesSupportEnding,
  networkInternetExposure,
];
