import type { Evidence } from '../../domain/finding.js';
import type { JsonObject, JsonValue } from '../../domain/json.js';
import { describeRef, refOf, type KubeObject } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { clusterRef } from '../engine.js';
import type { SnapshotIndex } from '../snapshot-index.js';

const VALIDATING_WEBHOOKS = 'ValidatingWebhookConfiguration.admissionregistration.k8s.io';
const ADMISSION_POLICIES = 'ValidatingAdmissionPolicy.admissionregistration.k8s.io';

/**
 * Policy engines recognised by the webhook configuration's name or its service's name/namespace. A webhook that
 * matches none of these may still enforce policy, but nothing in the snapshot says so.
 */
const ENGINES: readonly { readonly engine: string; readonly pattern: RegExp }[] = [
  { engine: 'Kyverno', pattern: /kyverno/i },
  { engine: 'OPA Gatekeeper', pattern: /gatekeeper/i },
  { engine: 'Kubewarden', pattern: /kubewarden/i },
  { engine: 'jsPolicy', pattern: /jspolicy/i },
  { engine: 'Open Policy Agent (kube-mgmt)', pattern: /(^|[-.])opa([-.]|$)|open-policy-agent/i },
  { engine: 'Polaris', pattern: /polaris/i },
  { engine: 'Datree', pattern: /datree/i },
  { engine: 'Kubescape', pattern: /kubescape/i },
];

export default defineCheck({
  id: 'admission.policy-enforcement',
  title: 'An admission policy engine enforces policy on the cluster',
  severity: 'medium',
  rationale:
    'Findings describe the cluster at one moment; an admission policy engine (ValidatingAdmissionPolicy, Kyverno, ' +
    'Gatekeeper and the like) stops non-compliant objects from being created in the first place. Without one, every ' +
    'control above depends on people getting every manifest right.',
  remediation:
    'Install a policy engine or define ValidatingAdmissionPolicies (with bindings) for the rules that matter, and set ' +
    'Pod Security admission labels on namespaces; see namespaces.pod-security-labels.',
  reads: [VALIDATING_WEBHOOKS, ADMISSION_POLICIES],
  references: { cis: ['5.2.1'], nsa: ['Kubernetes Pod security: Pod security enforcement'] },
  evaluate: ({ snapshot, index }) => [policyEnforcementFinding(clusterRef(snapshot), index)],
});

function policyEnforcementFinding(resource: FindingDraft['resource'], index: SnapshotIndex): FindingDraft {
  const webhooks = index.list(VALIDATING_WEBHOOKS).flatMap(engineWebhookEvidence);
  // ValidatingAdmissionPolicyBindings are not collected: a policy is taken as the intent to enforce it.
  const policies = index.list(ADMISSION_POLICIES).map((policy) => at(`${describeRef(refOf(policy))}.spec.failurePolicy`, policyModeOf(policy)));
  const evidence = [...webhooks.map(({ evidence: line }) => line), ...policies];
  if (evidence.length === 0) {
    const unread = [VALIDATING_WEBHOOKS, ADMISSION_POLICIES].filter((kind) => !index.hasCollected(kind));
    if (unread.length > 0) {
      return { resource, status: 'unknown', message: `No admission policy engine was found, but ${unread.join(', ')} could not be read, so one may be present unseen.`, evidence: [at('gaps', unread)] };
    }
    return { resource, status: 'fail', message: 'No admission policy engine was found: no ValidatingAdmissionPolicy, and no validating webhook of a known policy engine.', evidence: [at('validatingWebhookConfigurations', index.list(VALIDATING_WEBHOOKS).map((webhook) => webhook.metadata.name), 'one of a known policy engine')] };
  }
  const engines = [...new Set(webhooks.map(({ engine }) => engine)), ...(policies.length > 0 ? [`${policies.length} ValidatingAdmissionPolicy object(s)`] : [])];
  return { resource, status: 'pass', message: `Admission policy is enforced by ${engines.join(', ')}.`, evidence };
}

function engineWebhookEvidence(configuration: KubeObject): { engine: string; evidence: Evidence }[] {
  const names = [configuration.metadata.name, ...endpointNamesOf(configuration)];
  const match = ENGINES.find(({ pattern }) => names.some((name) => pattern.test(name)));
  if (match === undefined) return [];
  return [{ engine: match.engine, evidence: at(`${describeRef(refOf(configuration))}.webhooks[*].failurePolicy`, failurePoliciesOf(configuration)) }];
}

function webhooksOf(configuration: KubeObject): JsonObject[] {
  const webhooks = (configuration as unknown as JsonObject)['webhooks'];
  return Array.isArray(webhooks) ? webhooks.filter(isObject) : [];
}

function endpointNamesOf(configuration: KubeObject): string[] {
  return webhooksOf(configuration).flatMap((webhook) => {
    const service = isObject(webhook['clientConfig']) ? webhook['clientConfig']['service'] : undefined;
    const names = [String(webhook['name'] ?? '')];
    return isObject(service) ? [...names, String(service['name'] ?? ''), String(service['namespace'] ?? '')] : names;
  });
}

/** `Ignore` means the API server admits everything when the engine is down: worth seeing next to the verdict. */
function failurePoliciesOf(configuration: KubeObject): JsonValue {
  return webhooksOf(configuration).map((webhook) => webhook['failurePolicy'] ?? 'Fail');
}

function policyModeOf(policy: KubeObject): JsonValue {
  const spec = (policy as unknown as JsonObject)['spec'];
  return isObject(spec) ? (spec['failurePolicy'] ?? 'Fail') : null;
}
