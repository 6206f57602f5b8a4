import type { Evidence } from '../../domain/finding.js';
import { describeRef, refOf, type KubeObject } from '../../domain/snapshot.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { fieldOf } from './_shared.js';

const SECRET = 'Secret';
const TOKEN_TYPE = 'kubernetes.io/service-account-token';
const ACCOUNT_ANNOTATION = 'kubernetes.io/service-account.name';
/** Set by the legacy token cleaner (Kubernetes 1.29+) once a token has been invalidated. */
const INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';

export default defineCheck({
  id: 'secrets.legacy-service-account-tokens',
  title: 'No long-lived service account token Secrets remain',
  severity: 'medium',
  rationale:
    'A kubernetes.io/service-account-token Secret holds a token that never expires and is not bound to a pod; anyone who ' +
    'can read the Secret, or finds a copy, can act as the service account until the Secret is deleted. Projected tokens ' +
    'are short-lived and bound to their pod.',
  remediation: 'Delete the Secret and let workloads use projected service account tokens (the default since Kubernetes 1.24); use TokenRequest for external clients.',
  reads: [SECRET],
  references: { nsa: ['Authentication and authorization'] },
  evaluate: ({ index }) => index.list(SECRET).map(legacyTokenFindingFor),
});

/**
 * Secrets are collected as metadata only, where `type` may be missing; the service-account annotation the token
 * controller sets on every such Secret identifies them as well.
 */
function legacyTokenFindingFor(secret: KubeObject): FindingDraft {
  const resource = refOf(secret);
  const type = fieldOf(secret, 'type');
  const account = secret.metadata.annotations?.[ACCOUNT_ANNOTATION];
  if (type !== TOKEN_TYPE && account === undefined) {
    return { resource, status: 'pass', message: `${describeRef(resource)} is not a service account token.`, evidence: [at('type', type ?? null, `not ${TOKEN_TYPE}`), at(`metadata.annotations["${ACCOUNT_ANNOTATION}"]`, null, 'absent')] };
  }
  const evidence: Evidence[] = [
    ...(type === undefined ? [] : [at('type', type, `not ${TOKEN_TYPE}`)]),
    ...(account === undefined ? [] : [at(`metadata.annotations["${ACCOUNT_ANNOTATION}"]`, account)]),
  ];
  const invalidSince = secret.metadata.labels?.[INVALID_SINCE_LABEL];
  if (invalidSince !== undefined) {
    return { resource, status: 'pass', message: `${describeRef(resource)} is a legacy token invalidated since ${invalidSince}.`, evidence: [...evidence, at(`metadata.labels["${INVALID_SINCE_LABEL}"]`, invalidSince)] };
  }
  return { resource, status: 'fail', message: `${describeRef(resource)} is a long-lived token for service account ${account ?? '(unnamed)'}.`, evidence };
}
