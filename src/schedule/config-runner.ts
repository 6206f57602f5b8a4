import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterConfig, Config } from '../config.js';
import { durationToDays } from '../config.js';
import { loadAssessmentInputs, runPipeline, writeReport, type AssessmentInputs, type SnapshotSourceOption } from '../pipeline.js';
import type { Signer } from '../sign/index.js';
import { openStore } from '../store/index.js';
import { safeDirName, signoffFrom, type SignoffInput } from '../report/index.js';
import type { JobRunner } from './daemon.js';

/** How a configured cluster is read. In-cluster: no kubeconfig, so the client uses the pod's service account. */
export function sourceOf(cluster: ClusterConfig): SnapshotSourceOption {
  if (cluster.fromFile !== undefined) return { type: 'file', path: cluster.fromFile, clusterName: cluster.name };
  return {
    type: 'cluster',
    clusterName: cluster.name,
    ...(cluster.context === undefined ? {} : { context: cluster.context }),
    ...(cluster.kubeconfig === undefined ? {} : { kubeconfig: cluster.kubeconfig }),
  };
}

/** Loads checks, waivers and catalogues of a config once; a bad file stops the daemon before it starts. */
export function assessmentInputsOf(config: Config): AssessmentInputs {
  return loadAssessmentInputs({
    ...(config.checks === undefined ? {} : { checksPath: config.checks }),
    ...(config.waivers === undefined ? {} : { waiversFile: config.waivers }),
    controlsDirs: config.controls,
    frameworks: config.frameworks,
    inputs: config.inputs,
    ...(config.scope === undefined ? {} : { scope: config.scope }),
  });
}

/**
 * The scheduler's jobs, backed by the pipeline. The store is opened per job and closed after it, so a daemon
 * never holds the database between runs and manual commands can use it meanwhile.
 */
export function pipelineJobRunner(config: Config, inputs: AssessmentInputs, signer: Signer | undefined): JobRunner {
  return {
    async collect(cluster, signal) {
      const store = openStore(config.database);
      try {
        const outcome = await runPipeline({ source: sourceOf(cluster), inputs, store, signal });
        if (config.retention !== undefined) store.prune(durationToDays(config.retention), new Date());
        return { runId: outcome.summary.id, created: outcome.created, scores: Object.fromEntries(outcome.summary.scores.map((score) => [score.framework, score.score])) };
      } finally {
        store.close();
      }
    },
    async report(cluster) {
      const store = openStore(config.database, { readonly: true });
      try {
        const latest = store.listRuns().filter((run) => run.clusterName === cluster.name).at(-1);
        if (latest === undefined) throw new Error(`no stored run of ${cluster.name} to report on`);
        const pack = await writeReport({ store, runId: latest.id, outDir: config.reports, catalogues: inputs.catalogues, frameworks: config.frameworks, archive: config.archive, generatedAt: new Date(), ...(signer === undefined ? {} : { signer }), ...signoffOf(config) });
        return { pack: pack.dir };
      } finally {
        store.close();
      }
    },
    lastPackTime: (cluster) => lastPackTime(config.reports, cluster.name),
  };
}

/** The config's `signoff:` block, its assertion file read; nothing when absent. */
function signoffOf(config: Config): { signoff?: SignoffInput } {
  const signoff = config.signoff === undefined ? undefined : signoffFrom(config.signoff);
  return signoff === undefined ? {} : { signoff };
}

/** Newest `generatedAt` among a cluster's packs, read from their manifests: derived state, nothing extra to keep. */
export function lastPackTime(reportsDir: string, clusterName: string): Date | null {
  const dir = join(reportsDir, safeDirName(clusterName));
  if (!existsSync(dir)) return null;
  const times = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .flatMap((entry) => {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, entry.name, 'manifest.json'), 'utf8')) as { generatedAt?: string };
        return manifest.generatedAt === undefined ? [] : [new Date(manifest.generatedAt).getTime()];
      } catch {
        return [];
      }
    });
  return times.length === 0 ? null : new Date(Math.max(...times));
}
