import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { EXIT_CODES, usageError } from '../../errors.js';
import { loadAssessmentInputs, runPipeline, writeReport, type RunOutcome } from '../../pipeline.js';
import { assessmentInputsOf, pipelineJobRunner } from '../../schedule/config-runner.js';
import { cronProblem, runOnce } from '../../schedule/daemon.js';
import { defaultSink } from '../../schedule/event-log.js';
import { openStore, resolveDbPath } from '../../store/index.js';
import { chooseOption, formatTable, printJson } from '../output.js';
import { failuresAtOrAbove, GATE_SEVERITIES, type GateSeverity } from '../shared/gate.js';
import { signerFrom } from '../shared/signer.js';
import { collectionProgress } from '../shared/progress.js';
import { addSourceOptions, listOption, sourceFromFlags, type SourceFlags } from '../shared/source-flags.js';


interface RunFlags extends SourceFlags {
  readonly config?: string;
  readonly db?: string;
  readonly framework: string[];
  readonly controls: string[];
  readonly waivers?: string;
  readonly checks?: string;
  readonly report?: boolean;
  readonly out: string;
  readonly signKey?: string;
  readonly keyPasswordFile?: string;
  readonly archive?: boolean;
  readonly failOn?: string;
  readonly format: string;
}

export function register(program: Command): void {
  const command = program
    .command('run')
    .description('Collect (or load), evaluate, map and store one dated run; optionally write its audit pack.');
  addSourceOptions(command)
    .option('--config <file>', 'run every cluster of a kubevidence.yaml (collect, store, and a pack when the report schedule is due)')
    .option('--db <file>', 'SQLite database (default: $KUBEVIDENCE_DB or ./kubevidence.db)')
    .option('--framework <ids>', 'frameworks to map onto, comma-separated (default: all)', listOption, [])
    .option('--controls <dir>', 'extra catalogue folder (repeatable)', listOption, [])
    .option('--waivers <file>', 'YAML file of accepted risks')
    .option('--checks <path>', 'custom checks in YAML + CEL (file or folder)')
    .option('--report', 'also write the audit pack of this run')
    .option('--out <dir>', 'reports folder for --report', 'reports')
    .option('--sign-key <file>', 'PKCS#12 signing key for the pack (password from $KUBEVIDENCE_KEY_PASSWORD or --key-password-file)')
    .option('--key-password-file <file>', 'file holding the signing key password')
    .option('--archive', 'also write the pack as a deterministic .tar.gz')
    .option('--fail-on <severity>', `exit ${EXIT_CODES.complianceGate} after storing when an unwaived failure has this severity or worse: ${GATE_SEVERITIES.join(', ')}`)
    .option('--format <format>', 'output: table or json', 'table')
    .addHelpText('after', '\nExamples:\n  kubevidence run --context prod-eu --framework pci-dss-4.0,hipaa-security-rule\n  kubevidence run --from-file snapshot.json --report --sign-key signer.p12\n  kubevidence run --config kubevidence.yaml')
    .action(async (flags: RunFlags) => {
      if (flags.config !== undefined) await runConfig(flags.config);
      else await runSingle(flags);
    });
}

async function runSingle(flags: RunFlags): Promise<void> {
  const format = chooseOption('--format', flags.format, ['table', 'json'] as const);
  const failOn = flags.failOn === undefined ? undefined : chooseOption('--fail-on', flags.failOn, GATE_SEVERITIES);
  const source = sourceFromFlags(flags);
  const inputs = loadAssessmentInputs({
    ...(flags.checks === undefined ? {} : { checksPath: flags.checks }),
    ...(flags.waivers === undefined ? {} : { waiversFile: flags.waivers }),
    controlsDirs: flags.controls,
    frameworks: flags.framework,
  });
  const signer = flags.signKey === undefined ? undefined : signerFrom(flags.signKey, flags.keyPasswordFile);
  if (signer !== undefined && flags.report !== true) throw usageError('--sign-key signs the pack: add --report');
  const store = openStore(resolveDbPath(flags.db));
  try {
    const progress = source.type === 'cluster' ? collectionProgress() : undefined;
    let stored: StoredRun;
    try {
      stored = storedRunOf(await runPipeline({ source, inputs, store, ...(progress === undefined ? {} : { onProgress: progress.update }) }), failOn);
    } finally {
      progress?.stop();
    }
    const pack = flags.report === true
      ? await writeReport({ store, runId: stored.summary.id, outDir: flags.out, catalogues: inputs.catalogues, generatedAt: new Date(), archive: flags.archive === true, ...(signer === undefined ? {} : { signer }) })
      : undefined;
    printOutcome(stored, format, pack?.dir);
    gate(stored.gatedFailures, failOn);
  } finally {
    store.close();
  }
}

/** What a stored run's command still needs. The findings themselves are let go before the pack is rendered from the store. */
interface StoredRun {
  readonly summary: RunOutcome['summary'];
  readonly created: boolean;
  readonly gatedFailures: number;
}

function storedRunOf(outcome: RunOutcome, failOn: GateSeverity | undefined): StoredRun {
  return { summary: outcome.summary, created: outcome.created, gatedFailures: failuresAtOrAbove(outcome.assessment, failOn).length };
}

function printOutcome(outcome: StoredRun, format: 'table' | 'json', pack: string | undefined): void {
  const { summary, created } = outcome;
  if (format === 'json') {
    printJson({ run: summary.id, created, cluster: { uid: summary.clusterUid, name: summary.clusterName }, collectedAt: summary.collectedAt, hash: summary.hash, scores: summary.scores, ...(pack === undefined ? {} : { pack }) });
    return;
  }
  const what = `run ${summary.id} of ${summary.clusterName} collected ${summary.collectedAt}`;
  process.stdout.write(created ? `stored ${what}\n` : `${what} was already stored (same snapshot); nothing added\n`);
  process.stdout.write(formatTable(['FRAMEWORK', 'SCORE', 'PASS', 'FAIL', 'UNKNOWN', 'MANUAL'], summary.scores.map((score) => [score.framework, score.score === null ? '-' : `${score.score}%`, String(score.counts.pass), String(score.counts.fail), String(score.counts.unknown), String(score.counts.manual)])));
  if (pack !== undefined) process.stdout.write(`pack: ${pack}\n`);
}

function gate(gatedFailures: number, failOn: GateSeverity | undefined): void {
  if (failOn === undefined || gatedFailures === 0) return;
  process.stderr.write(`kubevidence: ${gatedFailures} unwaived failing finding(s) at severity ${failOn} or above (--fail-on ${failOn})\n`);
  process.exitCode = EXIT_CODES.complianceGate;
}

/** Every configured cluster: a failure of one is logged and does not stop the others; exit 7 says some failed. */
async function runConfig(file: string): Promise<void> {
  const config = loadConfig(file, cronProblem);
  const inputs = assessmentInputsOf(config);
  const signer = config.signing === undefined ? undefined : signerFrom(config.signing.key, config.signing.passwordFile);
  const { failed } = await runOnce(config, pipelineJobRunner(config, inputs, signer), defaultSink());
  if (failed > 0) process.exitCode = EXIT_CODES.partialFailure;
}
