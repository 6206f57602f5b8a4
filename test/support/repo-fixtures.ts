import { fileURLToPath } from 'node:url';

/**
 * Third-party data the tests read, kept inside the repository (each folder under test/fixtures/ carries the upstream
 * LICENSE and a README saying where it came from), so `npm test` passes in a clone without ../shared.
 */
function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));
}

/** GoogleCloudPlatform/microservices-demo release manifests: 35 objects, no namespaces (test/fixtures/microservices-demo). */
export const DEMO_MANIFESTS = fixturePath('microservices-demo/kubernetes-manifests.yaml');

/** NIST OSCAL v1.2.1 Assessment Results JSON Schema (public domain, test/fixtures/oscal). */
export const OSCAL_ASSESSMENT_RESULTS_SCHEMA = fixturePath('oscal/oscal_assessment-results_schema.json');

/** kyverno/policies Pod Security subrule test resources (test/fixtures/kyverno-pss-subrule). */
export const KYVERNO_PSS_SUBRULE = fixturePath('kyverno-pss-subrule');
