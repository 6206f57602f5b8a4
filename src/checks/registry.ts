import type { CheckDefinition } from './define-check.js';
import privilegedContainers from './pss/baseline/privileged-containers.js';

/**
 * Every built-in check, in the order findings are reported. Adding a check: one file under src/checks/<theme>/,
 * one line here, a fixture folder test/checks/<id>/ with pass.* and fail.* manifests, and a catalogue that maps it.
 */
export const BUILT_IN_CHECKS: readonly CheckDefinition[] = [
  // Pod Security Standards — baseline
  privilegedContainers,
];
