import { fileURLToPath } from 'node:url';
import { defineCheck, type CheckDefinition, type FindingDraft } from '../../src/checks/define-check.js';
import type { CheckContext } from '../../src/checks/define-check.js';

/** Absolute path of a file under test/engine/fixtures/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../engine/fixtures/${name}`, import.meta.url));
}

export { DEMO_MANIFESTS } from './repo-fixtures.js';

/** A synthetic check: engine behaviour is tested with these, never with real check content. */
export function syntheticCheck(
  id: string,
  evaluate: (context: CheckContext) => readonly FindingDraft[],
  options: { readonly reads?: readonly string[]; readonly needs?: readonly string[] } = {},
): CheckDefinition {
  return defineCheck({
    id,
    title: `Synthetic ${id}`,
    severity: 'high',
    rationale: 'Engine test.',
    remediation: 'None.',
    reads: options.reads ?? ['Pod'],
    ...(options.needs === undefined ? {} : { needs: options.needs }),
    references: {},
    evaluate,
  });
}

/** One finding per workload subject, with the given status. */
export function perWorkload(id: string, status: FindingDraft['status'], options: { readonly reads?: readonly string[]; readonly needs?: readonly string[] } = {}): CheckDefinition {
  return syntheticCheck(
    id,
    ({ index }) => index.workloads.map((workload) => ({ resource: workload.ref, status, message: `${workload.ref.name} is ${status}.`, evidence: [], related: workload.pods })),
    options,
  );
}
