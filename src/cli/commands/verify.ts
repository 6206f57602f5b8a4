import type { Command } from 'commander';
import { usageError, verificationError } from '../../errors.js';
import type { ChainVerification } from '../../store/index.js';
import { chosenCluster, withDbOption, withStore, type DbFlags } from './db.js';

interface VerifyFlags extends DbFlags {
  readonly cluster?: string;
}

/**
 * `kubevidence verify [PACK] [--db FILE]`. Today it verifies the run hash chain; pack verification (manifest
 * and signatures) will be one more step here, taken when PACK is given.
 */
export function register(program: Command): void {
  withDbOption(program.command('verify'))
    .description("Verify the database's run hash chain: recompute every run's hash and name the first that no longer matches.")
    .argument('[pack]', 'audit pack folder (pack verification is not available yet)')
    .option('--cluster <uid|name>', "only this cluster's chain (default: every cluster's)")
    .action((pack: string | undefined, flags: VerifyFlags) => verify(pack, flags));
}

function verify(pack: string | undefined, flags: VerifyFlags): void {
  if (pack !== undefined) throw usageError('pack verification not available', 'run kubevidence verify --db FILE to verify the run chain');
  const result = withStore(flags, 'read', (store) => {
    const clusterUid = flags.cluster === undefined ? undefined : chosenCluster(store, flags.cluster).uid;
    return { path: store.path, ...verifyStoreChain(store.verifyChain(clusterUid)) };
  });
  process.stdout.write(`${result.path}: run chain verified (${result.runsChecked} runs)\n`);
}

/** Passes a verified chain through; a broken one becomes a verification error (exit 6) naming the run. */
export function verifyStoreChain(verification: ChainVerification): ChainVerification {
  const broken = verification.firstBroken;
  if (broken === null) return verification;
  throw verificationError('verify.chain-broken', `run ${broken.runId} fails verification: ${broken.reason}`);
}
