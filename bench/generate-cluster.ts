import type { JsonObject } from '../src/domain/json.js';
import type { KubeObject, NodeConfig } from '../src/domain/snapshot.js';

/**
 * A synthetic but realistic cluster for the benchmark: teams' namespaces with Deployments, their ReplicaSets and
 * Pods, Services, accounts, RBAC, network policies, ConfigMaps and Secret metadata, plus nodes with kubelet
 * configuration, kubeadm control-plane static pods and the usual cluster-wide RBAC. Deterministic for a seed;
 * `day` > 0 applies that many days of churn (about `churn` of all objects changed per day).
 */
export interface GenerateOptions {
  readonly objects: number;
  readonly seed?: number;
  readonly day?: number;
  readonly churn?: number;
}

export interface GeneratedCluster {
  readonly resources: KubeObject[];
  readonly nodeConfigs: NodeConfig[];
}

/** About how many objects one team namespace holds; used to size the cluster. */
const OBJECTS_PER_NAMESPACE = 92;

export function generateCluster(options: GenerateOptions): GeneratedCluster {
  const random = mulberry32(options.seed ?? 42);
  const namespaces = Math.max(1, Math.round(options.objects / OBJECTS_PER_NAMESPACE));
  const nodes = Math.max(3, Math.round(options.objects / 1000));
  const resources: KubeObject[] = [...clusterScoped(nodes), ...controlPlane()];
  for (let index = 0; index < namespaces; index += 1) resources.push(...teamNamespace(index, random));
  const nodeConfigs = Array.from({ length: nodes }, (_, index) => kubeletConfig(`node-${pad(index)}`, index % 10 === 0));
  const churned = applyChurn(resources, options.day ?? 0, options.churn ?? 0.01, options.seed ?? 42);
  return { resources: churned.slice(0, Math.max(options.objects, 200)), nodeConfigs };
}

function teamNamespace(index: number, random: () => number): KubeObject[] {
  const ns = `team-${pad(index)}`;
  const hardened = random() < 0.7;
  const objects: KubeObject[] = [
    obj('v1', 'Namespace', { name: ns, labels: hardened ? { 'pod-security.kubernetes.io/enforce': 'restricted', team: ns } : { team: ns } }),
    obj('v1', 'LimitRange', { name: 'defaults', namespace: ns }, { spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' } }] } }),
    obj('v1', 'ResourceQuota', { name: 'quota', namespace: ns }, { spec: { hard: { 'requests.cpu': '20', 'requests.memory': '40Gi' } } }),
    obj('v1', 'ServiceAccount', { name: 'default', namespace: ns }),
  ];
  if (hardened) objects.push(obj('networking.k8s.io/v1', 'NetworkPolicy', { name: 'default-deny', namespace: ns }, { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }));
  for (let app = 0; app < 10; app += 1) objects.push(...application(ns, `svc-${app}`, random, hardened));
  objects.push(
    obj('rbac.authorization.k8s.io/v1', 'Role', { name: 'developer', namespace: ns }, { rules: [{ apiGroups: ['', 'apps'], resources: ['pods', 'pods/log', 'deployments'], verbs: ['get', 'list', 'watch'] }] }),
    obj('rbac.authorization.k8s.io/v1', 'Role', { name: 'deployer', namespace: ns }, { rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: random() < 0.1 ? ['*'] : ['get', 'list', 'update', 'patch'] }] }),
    binding(ns, 'developers', 'Role', 'developer', [{ kind: 'Group', name: `${ns}-developers`, apiGroup: 'rbac.authorization.k8s.io' }]),
    binding(ns, 'deployer', 'Role', 'deployer', [{ kind: 'ServiceAccount', name: 'svc-0', namespace: ns }]),
    binding(ns, 'view', 'ClusterRole', 'view', [{ kind: 'Group', name: `${ns}-auditors`, apiGroup: 'rbac.authorization.k8s.io' }]),
    obj('networking.k8s.io/v1', 'Ingress', { name: 'web', namespace: ns }, { spec: { ingressClassName: 'nginx', ...(hardened ? { tls: [{ hosts: [`${ns}.example.com`], secretName: 'web-tls' }] } : {}), rules: [{ host: `${ns}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc-0', port: { number: 80 } } } }] } }] } }),
    obj('v1', 'PersistentVolumeClaim', { name: 'data', namespace: ns }, { spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } }),
  );
  return objects;
}

function application(ns: string, name: string, random: () => number, hardened: boolean): KubeObject[] {
  const replicas = 2 + Math.floor(random() * 2);
  const risky = !hardened && random() < 0.3;
  const image = risky && random() < 0.5 ? `registry.example.com/${ns}/${name}:latest` : `registry.example.com/${ns}/${name}:v1.${Math.floor(random() * 20)}.0`;
  const template = podTemplate(name, image, risky);
  const hash = hex(random, 10);
  const deployment = obj('apps/v1', 'Deployment', { name, namespace: ns, labels: { app: name } }, { spec: { replicas, selector: { matchLabels: { app: name } }, template } });
  const replicaSet = obj('apps/v1', 'ReplicaSet', { name: `${name}-${hash}`, namespace: ns, labels: { app: name, 'pod-template-hash': hash }, ownerReferences: [owner('apps/v1', 'Deployment', name)] }, { spec: { replicas, selector: { matchLabels: { app: name, 'pod-template-hash': hash } }, template } });
  const pods = Array.from({ length: replicas }, (_, index) =>
    obj('v1', 'Pod', { name: `${name}-${hash}-${hex(random, 5)}`, namespace: ns, labels: { app: name, 'pod-template-hash': hash }, ownerReferences: [owner('apps/v1', 'ReplicaSet', `${name}-${hash}`)] }, {
      spec: { ...(template['spec'] as JsonObject), nodeName: `node-${pad(index)}` },
      status: { phase: 'Running', podIP: `10.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${index + 2}` },
    }),
  );
  const serviceType = risky && random() < 0.2 ? 'NodePort' : 'ClusterIP';
  return [
    deployment,
    replicaSet,
    ...pods,
    obj('v1', 'Service', { name, namespace: ns, labels: { app: name } }, { spec: { type: serviceType, selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } }),
    obj('v1', 'ServiceAccount', { name, namespace: ns }),
    obj('v1', 'ConfigMap', { name: `${name}-config`, namespace: ns }, { dataKeys: ['LOG_LEVEL', 'PORT'], secretLookingKeys: risky && random() < 0.1 ? ['DB_PASSWORD'] : [] }),
    obj('v1', 'Secret', { name: `${name}-credentials`, namespace: ns }, { type: 'Opaque' }),
  ];
}

function podTemplate(name: string, image: string, risky: boolean): JsonObject {
  const securityContext: JsonObject = risky
    ? { privileged: name.endsWith('-3'), allowPrivilegeEscalation: true }
    : { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true };
  return {
    metadata: { labels: { app: name } },
    spec: {
      serviceAccountName: name,
      ...(risky ? {} : { securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } } }),
      containers: [
        {
          name: 'server',
          image,
          ports: [{ containerPort: 8080 }],
          env: [{ name: 'PORT', value: '8080' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${name}-credentials`, key: 'password' } } }],
          securityContext,
          ...(risky ? {} : { resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } }),
          readinessProbe: { httpGet: { path: '/_healthz', port: 8080 } },
        },
      ],
      ...(risky && name.endsWith('-5') ? { hostNetwork: true, volumes: [{ name: 'host', hostPath: { path: '/var/log' } }] } : {}),
    },
  };
}

function clusterScoped(nodes: number): KubeObject[] {
  const objects: KubeObject[] = [
    obj('v1', 'Namespace', { name: 'kube-system', uid: 'a1b2c3d4-0000-4000-8000-00000000be9c' }),
    obj('v1', 'Namespace', { name: 'default' }),
    obj('v1', 'Namespace', { name: 'kube-public' }),
    obj('storage.k8s.io/v1', 'StorageClass', { name: 'standard' }, { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, reclaimPolicy: 'Delete' }),
    obj('rbac.authorization.k8s.io/v1', 'ClusterRole', { name: 'cluster-admin' }, { rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }] }),
    obj('rbac.authorization.k8s.io/v1', 'ClusterRole', { name: 'view' }, { rules: [{ apiGroups: ['', 'apps', 'batch'], resources: ['pods', 'services', 'deployments', 'jobs', 'configmaps'], verbs: ['get', 'list', 'watch'] }] }),
    obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', { name: 'cluster-admin' }, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'system:masters', apiGroup: 'rbac.authorization.k8s.io' }] }),
    obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', { name: 'platform-admins' }, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'platform-admins', apiGroup: 'rbac.authorization.k8s.io' }] }),
  ];
  for (let index = 0; index < 40; index += 1) {
    objects.push(obj('rbac.authorization.k8s.io/v1', 'ClusterRole', { name: `system:controller:controller-${index}` }, { rules: [{ apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch', 'create', 'patch'] }] }));
    objects.push(obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', { name: `system:controller:controller-${index}` }, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `system:controller:controller-${index}` }, subjects: [{ kind: 'ServiceAccount', name: `controller-${index}`, namespace: 'kube-system' }] }));
  }
  for (let index = 0; index < nodes; index += 1) {
    objects.push(obj('v1', 'Node', { name: `node-${pad(index)}`, labels: { 'kubernetes.io/hostname': `node-${pad(index)}`, ...(index === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}) } }, { status: { nodeInfo: { kubeletVersion: 'v1.31.4', containerRuntimeVersion: 'containerd://1.7.24' } } }));
  }
  return objects;
}

function controlPlane(): KubeObject[] {
  const staticPod = (component: string, command: string[]): KubeObject =>
    obj('v1', 'Pod', { name: `${component}-node-000`, namespace: 'kube-system', labels: { component, tier: 'control-plane' } }, {
      spec: { hostNetwork: true, priorityClassName: 'system-node-critical', containers: [{ name: component, image: `registry.k8s.io/${component}:v1.31.4`, command }] },
    });
  return [
    staticPod('kube-apiserver', ['kube-apiserver', '--advertise-address=10.0.0.10', '--allow-privileged=true', '--authorization-mode=Node,RBAC', '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--enable-admission-plugins=NodeRestriction', '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key', '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt', '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key', '--secure-port=6443', '--service-account-key-file=/etc/kubernetes/pki/sa.pub', '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt', '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key']),
    staticPod('kube-controller-manager', ['kube-controller-manager', '--bind-address=127.0.0.1', '--root-ca-file=/etc/kubernetes/pki/ca.crt', '--service-account-private-key-file=/etc/kubernetes/pki/sa.key', '--use-service-account-credentials=true']),
    staticPod('kube-scheduler', ['kube-scheduler', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf']),
    staticPod('etcd', ['etcd', '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--client-cert-auth=true', '--key-file=/etc/kubernetes/pki/etcd/server.key', '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-client-cert-auth=true', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key']),
  ];
}

function kubeletConfig(node: string, lax: boolean): NodeConfig {
  return {
    node,
    kubeletConfig: {
      kind: 'KubeletConfiguration',
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      authentication: { anonymous: { enabled: lax }, webhook: { enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } },
      authorization: { mode: lax ? 'AlwaysAllow' : 'Webhook' },
      readOnlyPort: 0,
      protectKernelDefaults: !lax,
      makeIPTablesUtilChains: true,
      eventRecordQPS: 50,
      rotateCertificates: true,
      serverTLSBootstrap: true,
      streamingConnectionIdleTimeout: '4h0m0s',
    },
  };
}

/** Day-by-day churn: each day changes a deterministic `churn` share of the namespaced objects (image bumps, labels). */
function applyChurn(resources: KubeObject[], days: number, churn: number, seed: number): KubeObject[] {
  if (days === 0) return resources;
  const changed = resources.slice();
  for (let day = 1; day <= days; day += 1) {
    const random = mulberry32(seed * 7919 + day);
    const count = Math.round(changed.length * churn);
    for (let n = 0; n < count; n += 1) {
      const at = Math.floor(random() * changed.length);
      const object = changed[at];
      if (object === undefined) continue;
      changed[at] = { ...object, metadata: { ...object.metadata, labels: { ...(object.metadata.labels ?? {}), 'kubevidence.io/revision': String(day) } } };
    }
  }
  return changed;
}

function obj(apiVersion: string, kind: string, metadata: KubeObject['metadata'], body: JsonObject = {}): KubeObject {
  return { apiVersion, kind, metadata, ...body } as KubeObject;
}

function owner(apiVersion: string, kind: string, name: string): { apiVersion: string; kind: string; name: string; controller: true } {
  return { apiVersion, kind, name, controller: true };
}

function binding(namespace: string, name: string, roleKind: 'Role' | 'ClusterRole', role: string, subjects: JsonObject[]): KubeObject {
  return obj('rbac.authorization.k8s.io/v1', 'RoleBinding', { name, namespace }, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role }, subjects });
}

function pad(value: number): string {
  return String(value).padStart(3, '0');
}

function hex(random: () => number, length: number): string {
  let out = '';
  for (let index = 0; index < length; index += 1) out += 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(random() * 27)];
  return out;
}

/** Small, fast, seedable PRNG: the same seed always yields the same cluster. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
