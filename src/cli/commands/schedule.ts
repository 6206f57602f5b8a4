import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { EXIT_CODES } from '../../errors.js';
import { assessmentInputsOf, pipelineJobRunner } from '../../schedule/config-runner.js';
import { cronProblem, runOnce, startDaemon } from '../../schedule/daemon.js';
import { defaultSink } from '../../schedule/event-log.js';
import { signerFrom } from '../shared/signer.js';

interface ScheduleFlags {
  readonly config: string;
  readonly once?: boolean;
  readonly check?: boolean;
}

export function register(program: Command): void {
  program
    .command('schedule')
    .description('Run collections and audit packs on the cron schedules of a config file (long-running), or once.')
    .option('--config <file>', 'kubevidence.yaml', 'kubevidence.yaml')
    .option('--once', 'collect every cluster now, write packs that are due, and exit (for system cron and Kubernetes CronJobs)')
    .option('--check', 'validate the config, schedules, checks, waivers, catalogues and signing key, then exit')
    .addHelpText(
      'after',
      '\nLogs one JSON line per event (start, finish with scores and durations, skipped, error) on stdout.\n' +
        'SIGTERM/SIGINT: the current run finishes its stage and is abandoned before storing, or completes if storing\n' +
        'has begun — never a partial run. Example:\n  kubevidence schedule --config kubevidence.yaml',
    )
    .action(async (flags: ScheduleFlags) => {
      const config = loadConfig(flags.config, cronProblem);
      const inputs = assessmentInputsOf(config);
      const signer = config.signing === undefined ? undefined : signerFrom(config.signing.key, config.signing.passwordFile);
      if (flags.check === true) {
        process.stdout.write(`${flags.config}: ok (${config.clusters.length} cluster(s), collect "${config.schedules.collect}", report "${config.schedules.report}", ${config.timezone})\n`);
        return;
      }
      const runner = pipelineJobRunner(config, inputs, signer);
      const sink = defaultSink();
      if (flags.once === true) {
        const { failed } = await runOnce(config, runner, sink);
        if (failed > 0) process.exitCode = EXIT_CODES.partialFailure;
        return;
      }
      const daemon = startDaemon(config, runner, sink);
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals): void => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          void daemon.stop(signal).then(resolve);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
    });
}
