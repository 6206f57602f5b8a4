import type { ClusterConfig, Config } from '../config.js';
import { durationToDays } from '../config.js';
import { lastPackTime, loadAssessmentInputs, reportLatestRun, runIntoDatabase, type AssessmentInputs, type Signer, type SnapshotSourceOption } from '../pipeline.js';
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
  });
}

/** The scheduler's jobs, each one call of the pipeline. */
export function pipelineJobRunner(config: Config, inputs: AssessmentInputs, signer: Signer | undefined): JobRunner {
  return {
    async collect(cluster, signal) {
      const outcome = await runIntoDatabase({
        database: config.database,
        source: sourceOf(cluster),
        inputs,
        signal,
        ...(config.retention === undefined ? {} : { retentionDays: durationToDays(config.retention) }),
      });
      return { runId: outcome.summary.id, created: outcome.created, scores: Object.fromEntries(outcome.summary.scores.map((score) => [score.framework, score.score])) };
    },
    async report(cluster) {
      const pack = await reportLatestRun({
        database: config.database,
        clusterName: cluster.name,
        outDir: config.reports,
        catalogues: inputs.catalogues,
        frameworks: config.frameworks,
        archive: config.archive,
        generatedAt: new Date(),
        ...(signer === undefined ? {} : { signer }),
      });
      return { pack: pack.dir };
    },
    lastPackTime: (cluster) => lastPackTime(config.reports, cluster.name),
  };
}
