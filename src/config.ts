import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { inputError } from './errors.js';
import { errorAt, readYamlFile, singleDocument, validateDocument } from './yaml-input.js';

const CODE = 'config.invalid';

/** Cron expression (5 or 6 fields, node-cron syntax); validated against node-cron when the daemon starts. */
const cron = z.string().min(1);

/** `400d`, `52w`, `13m` (months of 31 days), `1y` (366 days). */
const duration = z.string().regex(/^\d+[dwmy]$/, 'expected a duration like 400d, 52w, 13m or 1y');

const clusterSchema = z
  .object({
    name: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
    context: z.string().min(1).optional(),
    kubeconfig: z.string().min(1).optional(),
    inCluster: z.boolean().optional(),
    fromFile: z.string().min(1).optional(),
    /** With fromFile: kinds the manifests hold completely (`*` for all); other absent kinds are gaps. */
    completeKinds: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .refine((cluster) => [cluster.context !== undefined || cluster.kubeconfig !== undefined, cluster.inCluster === true, cluster.fromFile !== undefined].filter(Boolean).length === 1, {
    message: 'give exactly one source: context/kubeconfig, inCluster: true, or fromFile',
  })
  .refine((cluster) => cluster.completeKinds === undefined || cluster.fromFile !== undefined, {
    message: 'completeKinds describes fromFile manifests; a live collection records its own gaps',
    path: ['completeKinds'],
  });

/** Namespaces judged: globs and a Kubernetes label selector on the Namespace objects (see docs/scope-provenance-periods.md). */
const namespaceScopeSchema = z
  .object({
    includeNamespaces: z.array(z.string().min(1)).optional(),
    excludeNamespaces: z.array(z.string().min(1)).optional(),
    namespaceSelector: z.string().min(1).optional(),
  })
  .strict();

/** Sign-off of the pack: who prepared and reviewed it and management's assertion; never invented. */
const signoffSchema = z
  .object({
    preparedBy: z.string().min(1).optional(),
    preparedOn: z.iso.date().optional(),
    reviewedBy: z.string().min(1).optional(),
    reviewedOn: z.iso.date().optional(),
    assertion: z.string().min(1).optional(),
    assertionFile: z.string().min(1).optional(),
  })
  .strict()
  .refine((signoff) => signoff.assertion === undefined || signoff.assertionFile === undefined, { message: 'give assertion or assertionFile, not both' });

export const configSchema = z
  .object({
    database: z.string().min(1).default('./kubevidence.db'),
    reports: z.string().min(1).default('./reports'),
    timezone: z.string().min(1).default('UTC'),
    frameworks: z.array(z.string().min(1)).min(1).default(['pci-dss-4.0.1', 'hipaa-security-rule', 'soc2-tsc-2017', 'nist-800-53-r5']),
    controls: z.array(z.string().min(1)).default([]),
    waivers: z.string().min(1).optional(),
    checks: z.string().min(1).optional(),
    inputs: z
      .object({
        allowedRegistries: z.array(z.string().min(1)).optional(),
        systemNamespaces: z.array(z.string().min(1)).optional(),
        pssVersion: z.string().regex(/^(latest|v?1\.\d{1,3})$/, 'expected latest or a version like v1.30').optional(),
        pssMode: z.enum(['enforce', 'audit', 'warn']).optional(),
        vulnerabilities: z
          .object({ criticalGraceDays: z.number().int().min(0).optional(), highGraceDays: z.number().int().min(0).optional(), reportMaxAgeDays: z.number().int().min(0).optional() })
          .strict()
          .optional(),
        versionSupport: z.object({ warnDays: z.number().int().min(0).optional() }).strict().optional(),
      })
      .strict()
      .default({}),
    signing: z.object({ key: z.string().min(1), passwordFile: z.string().min(1).optional() }).strict().optional(),
    clusters: z.array(clusterSchema).min(1),
    schedules: z.object({ collect: cron.default('0 2 * * *'), report: cron.default('0 6 1 * *') }).strict().default({ collect: '0 2 * * *', report: '0 6 1 * *' }),
    retention: duration.optional(),
    archive: z.boolean().default(false),
    scope: namespaceScopeSchema.extend({ frameworks: z.record(z.string().min(1), namespaceScopeSchema).optional() }).strict().optional(),
    signoff: signoffSchema.optional(),
  })
  .strict();

export type Config = z.output<typeof configSchema>;
export type ClusterConfig = Config['clusters'][number];

/**
 * Loads kubevidence.yaml: validated (errors name file, line and field), cluster names unique, cron expressions
 * checked, and every relative path resolved against the config file's folder — so the same file works from
 * cron, a CronJob and a shell in another directory.
 */
export function loadConfig(file: string, validateCron: (expression: string) => string | null): Config {
  const parsed = readYamlFile(file, CODE);
  const document = singleDocument(parsed, CODE);
  const config = validateDocument(parsed, document, configSchema, CODE);
  const names = new Set<string>();
  config.clusters.forEach((cluster, index) => {
    if (names.has(cluster.name)) throw errorAt(parsed, document, ['clusters', index, 'name'], `duplicate cluster name '${cluster.name}'`, CODE);
    names.add(cluster.name);
  });
  for (const key of ['collect', 'report'] as const) {
    const problem = validateCron(config.schedules[key]);
    if (problem !== null) throw errorAt(parsed, document, ['schedules', key], `invalid cron expression '${config.schedules[key]}': ${problem}`, CODE);
  }
  return resolvePaths(config, dirname(resolve(file)));
}

function resolvePaths(config: Config, base: string): Config {
  const at = (path: string): string => (isAbsolute(path) ? path : resolve(base, path));
  return {
    ...config,
    database: at(config.database),
    reports: at(config.reports),
    controls: config.controls.map(at),
    ...(config.waivers === undefined ? {} : { waivers: at(config.waivers) }),
    ...(config.checks === undefined ? {} : { checks: at(config.checks) }),
    ...(config.signoff?.assertionFile === undefined ? {} : { signoff: { ...config.signoff, assertionFile: at(config.signoff.assertionFile) } }),
    ...(config.signing === undefined
      ? {}
      : { signing: { key: at(config.signing.key), ...(config.signing.passwordFile === undefined ? {} : { passwordFile: at(config.signing.passwordFile) }) } }),
    clusters: config.clusters.map((cluster) => ({
      ...cluster,
      ...(cluster.kubeconfig === undefined ? {} : { kubeconfig: at(cluster.kubeconfig) }),
      ...(cluster.fromFile === undefined ? {} : { fromFile: at(cluster.fromFile) }),
    })),
  };
}

/** `400d` → 400; months count 31 days and years 366 so retention never falls short of what was asked. */
export function durationToDays(value: string): number {
  const match = /^(\d+)([dwmy])$/.exec(value);
  if (match === null) throw inputError(CODE, `invalid duration '${value}' (expected e.g. 400d, 52w, 13m, 1y)`);
  const amount = Number(match[1]);
  const unit = match[2] as 'd' | 'w' | 'm' | 'y';
  return amount * { d: 1, w: 7, m: 31, y: 366 }[unit];
}
