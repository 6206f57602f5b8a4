import type { JsonValue } from '../domain/json.js';
import type { KubeObject } from '../domain/snapshot.js';
import { kindKeyOf } from '../domain/snapshot.js';

/**
 * The typed-input rule (docs/checks-correctness.md): every object a check reads is validated, once per evaluation,
 * against the Kubernetes types of the fields the built-in checks read — lists are lists, booleans booleans, integers
 * integers, objects objects, required fields present. A field of the wrong type is a problem of its object; the
 * engine turns every `pass` and `not-applicable` finding that rests on that object into `unknown`, with evidence
 * naming the path and the type found. The object itself is kept (never dropped), so its findings still exist.
 *
 * The shapes below are a declarative subset of the Kubernetes OpenAPI: only fields some check reads, so that an
 * unrelated extension field never makes an object invalid. `null` counts as unset, as in the API.
 */
export type Shape =
  | { readonly type: 'string' | 'boolean' | 'integer' | 'int-or-string' | 'number' | 'any' }
  | { readonly type: 'list'; readonly items: Shape }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Shape>>; readonly required: readonly string[]; readonly values?: Shape };

/** One field whose value does not have the type the checks rely on. */
export interface ShapeProblem {
  /** Dotted path inside the object: `spec.template.spec.containers`, `rules[0].verbs`. */
  readonly path: string;
  /** The type the Kubernetes API defines: `a list`, `a boolean`, `an object`, `present`. */
  readonly expected: string;
  /** The JSON type found (`a string`, `a number`, `absent`); never the value, which could be a credential. */
  readonly found: string;
}

const str: Shape = { type: 'string' };
const bool: Shape = { type: 'boolean' };
const int: Shape = { type: 'integer' };
const intOrString: Shape = { type: 'int-or-string' };
const num: Shape = { type: 'number' };
const anyValue: Shape = { type: 'any' };
const list = (items: Shape): Shape => ({ type: 'list', items });
const obj = (fields: Record<string, Shape>, required: readonly string[] = []): Shape => ({ type: 'object', fields, required });
const map = (values: Shape): Shape => ({ type: 'object', fields: {}, required: [], values });
const anyObject = obj({});
const strings = list(str);

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes types (core/v1, apps/v1, batch/v1, rbac/v1, networking/v1...), the fields checks read

const objectMeta = obj({
  name: str,
  namespace: str,
  labels: map(str),
  annotations: map(str),
  ownerReferences: list(obj({ apiVersion: str, kind: str, name: str, uid: str, controller: bool })),
});

const labelSelector = obj({
  matchLabels: map(str),
  matchExpressions: list(obj({ key: str, operator: str, values: strings }, ['key', 'operator'])),
});

const seccompProfile = obj({ type: str, localhostProfile: str });
const appArmorProfile = obj({ type: str, localhostProfile: str });
const seLinuxOptions = obj({ type: str, user: str, role: str, level: str });
const windowsOptions = obj({ hostProcess: bool, runAsUserName: str, gmsaCredentialSpecName: str });

const podSecurityContext = obj({
  runAsNonRoot: bool,
  runAsUser: int,
  runAsGroup: int,
  fsGroup: int,
  supplementalGroups: list(int),
  seccompProfile,
  appArmorProfile,
  seLinuxOptions,
  windowsOptions,
  sysctls: list(obj({ name: str, value: str }, ['name'])),
});

const securityContext = obj({
  privileged: bool,
  allowPrivilegeEscalation: bool,
  readOnlyRootFilesystem: bool,
  runAsNonRoot: bool,
  runAsUser: int,
  runAsGroup: int,
  procMount: str,
  capabilities: obj({ add: strings, drop: strings }),
  seccompProfile,
  appArmorProfile,
  seLinuxOptions,
  windowsOptions,
});

const probeHandler = obj({
  httpGet: obj({ host: str, port: intOrString, path: str, scheme: str }),
  tcpSocket: obj({ host: str, port: intOrString }),
  grpc: obj({ port: int, service: str }),
  exec: obj({ command: strings }),
});
const probe = probeHandler;
const lifecycle = obj({ postStart: probeHandler, preStop: probeHandler });
const quantities = map(intOrString);

const container = obj(
  {
    name: str,
    image: str,
    imagePullPolicy: str,
    command: strings,
    args: strings,
    securityContext,
    ports: list(obj({ containerPort: int, hostPort: int, hostIP: str, protocol: str, name: str })),
    resources: obj({ limits: quantities, requests: quantities }),
    env: list(obj({ name: str, value: str, valueFrom: obj({ secretKeyRef: obj({ name: str, key: str }), configMapKeyRef: obj({ name: str, key: str }) }) }, ['name'])),
    envFrom: list(obj({ prefix: str, secretRef: obj({ name: str }), configMapRef: obj({ name: str }) })),
    volumeMounts: list(obj({ name: str, mountPath: str, readOnly: bool, subPath: str }, ['name'])),
    livenessProbe: probe,
    readinessProbe: probe,
    startupProbe: probe,
    lifecycle,
  },
  // `name` is required by the API but no verdict rests on it (messages fall back to the position), so it is not required here.
  [],
);

/** Every volume source is an object; `hostPath` is read field by field. */
const VOLUME_SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral',
  'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'image', 'iscsi', 'nfs', 'persistentVolumeClaim',
  'photonPersistentDisk', 'portworxVolume', 'projected', 'quobyte', 'rbd', 'scaleIO', 'secret', 'storageos', 'vsphereVolume',
] as const;

const volume = obj(
  { name: str, ...Object.fromEntries(VOLUME_SOURCES.map((source) => [source, anyObject])), hostPath: obj({ path: str, type: str }, ['path']) },
  ['name'],
);

const podSpec = obj(
  {
    containers: list(container),
    initContainers: list(container),
    ephemeralContainers: list(container),
    volumes: list(volume),
    securityContext: podSecurityContext,
    hostNetwork: bool,
    hostPID: bool,
    hostIPC: bool,
    hostUsers: bool,
    serviceAccountName: str,
    serviceAccount: str,
    automountServiceAccountToken: bool,
    nodeName: str,
    os: obj({ name: str }),
  },
  ['containers'],
);

const podTemplate = obj({ metadata: objectMeta, spec: podSpec }, ['spec']);

/** `{ spec: { template: ... } }` along a template path, every step required (the API requires each). */
function templateAt(path: readonly string[]): Shape {
  let shape: Shape = podTemplate;
  for (const key of [...path].reverse()) shape = obj({ [key]: shape }, [key]);
  return shape;
}

const policyRule = obj({ apiGroups: strings, resources: strings, verbs: strings, resourceNames: strings, nonResourceURLs: strings }, ['verbs']);
const role = obj({ rules: list(policyRule), aggregationRule: obj({ clusterRoleSelectors: list(labelSelector) }) });
const binding = obj(
  {
    subjects: list(obj({ kind: str, name: str, namespace: str, apiGroup: str }, ['kind', 'name'])),
    roleRef: obj({ kind: str, name: str, apiGroup: str }, ['kind', 'name']),
  },
  ['roleRef'],
);

const networkPolicyPeer = obj({ podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock: obj({ cidr: str, except: strings }) });
const networkPolicyPorts = list(obj({ port: intOrString, endPort: int, protocol: str }));
const networkPolicy = obj({
  spec: obj({
    podSelector: labelSelector,
    policyTypes: strings,
    ingress: list(obj({ from: list(networkPolicyPeer), ports: networkPolicyPorts })),
    egress: list(obj({ to: list(networkPolicyPeer), ports: networkPolicyPorts })),
  }),
});

const calicoRules = list(obj({ action: str }));
const calicoPolicy = obj({
  spec: obj({ types: strings, selector: str, namespaceSelector: str, serviceAccountSelector: str, doNotTrack: bool, preDNAT: bool, tier: str, order: num, ingress: calicoRules, egress: calicoRules }),
});

const ciliumRule = obj({
  endpointSelector: labelSelector,
  nodeSelector: labelSelector,
  ingress: list(anyObject),
  egress: list(anyObject),
  ingressDeny: list(anyObject),
  egressDeny: list(anyObject),
  enableDefaultDeny: obj({ ingress: bool, egress: bool }),
});
const ciliumPolicy = obj({ spec: ciliumRule, specs: list(ciliumRule) });

const webhook = obj({
  name: str,
  failurePolicy: str,
  clientConfig: obj({ url: str, service: obj({ name: str, namespace: str }) }),
  rules: list(anyObject),
  namespaceSelector: labelSelector,
  objectSelector: labelSelector,
});

// Security-tool reports (trivy-operator, Policy Working Group) and Gateway API routes: the fields the
// vulnerabilities.*, policy.* and network.internet-exposure checks read.
const imageArtifact = { artifact: obj({ repository: str, tag: str, digest: str }), registry: obj({ server: str }), scanner: obj({ name: str, version: str }), updateTimestamp: str };
const vulnerabilityReport = obj({
  report: obj({ ...imageArtifact, vulnerabilities: list(obj({ vulnerabilityID: str, severity: str, resource: str, installedVersion: str, fixedVersion: str, publishedDate: str, title: str, score: num }, ['vulnerabilityID', 'severity'])) }, ['artifact']),
}, ['report']);
const exposedSecretReport = obj({ report: obj({ ...imageArtifact, secrets: list(obj({ target: str, ruleID: str, category: str, severity: str, title: str })) }, ['artifact']) }, ['report']);
const auditReport = obj({ report: obj({ scanner: obj({ name: str, version: str }), checks: list(obj({ checkID: str, id: str, title: str, severity: str, success: bool })) }) }, ['report']);
const objectRef = obj({ apiVersion: str, kind: str, name: str, namespace: str });
const policyReport = obj({ scope: objectRef, results: list(obj({ policy: str, rule: str, result: str, source: str, message: str, resources: list(objectRef) })) });
const route = obj({ spec: obj({ rules: list(obj({ backendRefs: list(obj({ name: str, namespace: str, kind: str })) })) }) });

/** Shapes by kind key; workload kinds are added from their template paths by {@link shapeOfKind}. */
const SHAPES: Readonly<Record<string, Shape>> = {
  Namespace: obj({}),
  ServiceAccount: obj({ automountServiceAccountToken: bool, secrets: list(obj({ name: str })) }),
  Service: obj({
    spec: obj({
      type: str,
      externalIPs: strings,
      loadBalancerSourceRanges: strings,
      loadBalancerClass: str,
      selector: map(str),
      ports: list(obj({ name: str, port: int, nodePort: int, targetPort: intOrString, protocol: str })),
    }),
  }),
  'Ingress.networking.k8s.io': obj({
    spec: obj({ tls: list(obj({ hosts: strings, secretName: str })), rules: list(obj({ host: str, http: anyObject })), defaultBackend: anyObject, backend: anyObject, ingressClassName: str }),
  }),
  LimitRange: obj({ spec: obj({ limits: list(obj({ type: str, default: quantities, defaultRequest: quantities, max: quantities, min: quantities })) }) }),
  ResourceQuota: obj({ spec: obj({ hard: quantities, scopes: strings }) }),
  PersistentVolume: obj({ spec: obj({ hostPath: obj({ path: str, type: str }), persistentVolumeReclaimPolicy: str }) }),
  'StorageClass.storage.k8s.io': obj({ provisioner: str, parameters: map(str) }),
  Secret: obj({ type: str }),
  ConfigMap: obj({ data: map(str), binaryData: map(str), dataKeys: strings, secretLookingKeys: strings }),
  Node: obj({ spec: obj({ unschedulable: bool }), status: obj({ nodeInfo: obj({ kubeletVersion: str }) }) }),
  'Role.rbac.authorization.k8s.io': role,
  'ClusterRole.rbac.authorization.k8s.io': role,
  'RoleBinding.rbac.authorization.k8s.io': binding,
  'ClusterRoleBinding.rbac.authorization.k8s.io': binding,
  'NetworkPolicy.networking.k8s.io': networkPolicy,
  'NetworkPolicy.crd.projectcalico.org': calicoPolicy,
  'GlobalNetworkPolicy.crd.projectcalico.org': calicoPolicy,
  'CiliumNetworkPolicy.cilium.io': ciliumPolicy,
  'CiliumClusterwideNetworkPolicy.cilium.io': ciliumPolicy,
  'ValidatingWebhookConfiguration.admissionregistration.k8s.io': obj({ webhooks: list(webhook) }),
  'MutatingWebhookConfiguration.admissionregistration.k8s.io': obj({ webhooks: list(webhook) }),
  'ValidatingAdmissionPolicy.admissionregistration.k8s.io': obj({ spec: obj({ failurePolicy: str }) }),
  'VulnerabilityReport.aquasecurity.github.io': vulnerabilityReport,
  'ExposedSecretReport.aquasecurity.github.io': exposedSecretReport,
  'ConfigAuditReport.aquasecurity.github.io': auditReport,
  'RbacAssessmentReport.aquasecurity.github.io': auditReport,
  'ClusterRbacAssessmentReport.aquasecurity.github.io': auditReport,
  'PolicyReport.wgpolicyk8s.io': policyReport,
  'ClusterPolicyReport.wgpolicyk8s.io': policyReport,
  'HTTPRoute.gateway.networking.k8s.io': route,
  'GRPCRoute.gateway.networking.k8s.io': route,
  'TLSRoute.gateway.networking.k8s.io': route,
};

/** The shape of an object of a kind key, `metadata` included; workload kinds come with their pod template path. */
export function shapeOfKind(kind: string, templatePath: readonly string[] | undefined): Shape | undefined {
  // Workload shapes depend on the template path only (the path arrays are constants of workload-subjects.ts).
  if (templatePath !== undefined) {
    let shape = WORKLOAD_SHAPES.get(templatePath);
    if (shape === undefined) {
      shape = withMetadata(templatePath.length === 0 ? obj({ spec: podSpec }, ['spec']) : templateAt(templatePath));
      WORKLOAD_SHAPES.set(templatePath, shape);
    }
    return shape;
  }
  if (KIND_SHAPES.has(kind)) return KIND_SHAPES.get(kind);
  const own = SHAPES[kind];
  const shape = own === undefined ? undefined : withMetadata(own);
  KIND_SHAPES.set(kind, shape);
  return shape;
}

function withMetadata(shape: Shape): Shape {
  return shape.type === 'object' ? { ...shape, fields: { ...shape.fields, metadata: objectMeta } } : shape;
}

/** Built once: validation runs for every object of every evaluation. */
const WORKLOAD_SHAPES = new WeakMap<readonly string[], Shape>();
const KIND_SHAPES = new Map<string, Shape | undefined>();

/** At most this many problems are reported per object: the first ones name what is wrong, the rest add nothing. */
const MAX_PROBLEMS = 8;

/** The problems of one object against its kind's shape; empty when it is well-typed or its kind has no shape. */
export function shapeProblemsOf(object: KubeObject, templatePath: readonly string[] | undefined, kind?: string): readonly ShapeProblem[] {
  const shape = shapeOfKind(templatePath === undefined ? (kind ?? kindKeyOf(object.apiVersion, object.kind)) : '', templatePath);
  if (shape === undefined) return NONE;
  const walk: Walk = { path: [], problems: [] };
  validatorOf(shape)(object as unknown as JsonValue, walk);
  return walk.problems.length === 0 ? NONE : walk.problems;
}

const NONE: readonly ShapeProblem[] = Object.freeze([]);

/** The keys from the object down to the value being checked; joined into a path string only for a problem. */
interface Walk {
  readonly path: (string | number)[];
  readonly problems: ShapeProblem[];
}

/** A shape compiled into a function once, so validating 50,000 objects is a walk of plain closures. */
type Validator = (value: JsonValue, walk: Walk) => void;

const VALIDATORS = new WeakMap<Shape, Validator>();

function validatorOf(shape: Shape): Validator {
  let validator = VALIDATORS.get(shape);
  if (validator === undefined) {
    validator = compile(shape);
    VALIDATORS.set(shape, validator);
  }
  return validator;
}

function compile(shape: Shape): Validator {
  switch (shape.type) {
    case 'any':
      return () => undefined;
    case 'string':
      return (value, walk) => {
        if (typeof value !== 'string') report(walk, 'a string', value);
      };
    case 'boolean':
      return (value, walk) => {
        if (typeof value !== 'boolean') report(walk, 'a boolean', value);
      };
    case 'number':
      return (value, walk) => {
        if (typeof value !== 'number') report(walk, 'a number', value);
      };
    case 'integer':
      return (value, walk) => {
        if (!Number.isInteger(value)) report(walk, 'an integer', value);
      };
    case 'int-or-string':
      return (value, walk) => {
        if (typeof value !== 'string' && !Number.isFinite(value)) report(walk, 'an integer or a string', value);
      };
    case 'list':
      return compileList(shape.items);
    case 'object':
      return compileObject(shape);
  }
}

function compileList(items: Shape): Validator {
  let item: Validator | undefined;
  return (value, walk) => {
    if (!Array.isArray(value)) {
      report(walk, 'a list', value);
      return;
    }
    item ??= validatorOf(items);
    const { path } = walk;
    for (let index = 0; index < value.length; index += 1) {
      const element = value[index] as JsonValue;
      if (element === null || walk.problems.length >= MAX_PROBLEMS) continue;
      path.push(index);
      item(element, walk);
      path.pop();
    }
  };
}

function compileObject(shape: Extract<Shape, { type: 'object' }>): Validator {
  // Field validators are compiled on first use: shapes are trees of shared sub-shapes, compiled once each.
  let fields: Record<string, Validator> | undefined;
  let values: Validator | undefined;
  const { required } = shape;
  return (value, walk) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report(walk, 'an object', value);
      return;
    }
    if (fields === undefined) {
      fields = Object.create(null) as Record<string, Validator>;
      for (const [key, field] of Object.entries(shape.fields)) if (field.type !== 'any') fields[key] = validatorOf(field);
      if (shape.values !== undefined && shape.values.type !== 'any') values = validatorOf(shape.values);
    }
    const { path } = walk;
    for (let index = 0; index < required.length; index += 1) {
      const key = required[index] as string;
      const field = value[key];
      if (field === undefined || field === null) {
        path.push(key);
        walk.problems.push({ path: pathText(path), expected: 'present', found: 'absent' });
        path.pop();
      }
    }
    for (const key in value) {
      const validate = fields[key] ?? values;
      if (validate === undefined) continue;
      const field = value[key];
      if (field === undefined || field === null || walk.problems.length >= MAX_PROBLEMS) continue;
      path.push(key);
      validate(field, walk);
      path.pop();
    }
  };
}

function report(walk: Walk, expected: string, value: JsonValue): void {
  walk.problems.push({ path: pathText(walk.path), expected, found: typeOf(value) });
}

/** `spec.containers[0].securityContext`, `metadata.labels['app.kubernetes.io/name']`. */
function pathText(path: readonly (string | number)[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) text += `['${key}']`;
    else text += text === '' ? key : `.${key}`;
  }
  return text;
}

function typeOf(value: JsonValue): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}
