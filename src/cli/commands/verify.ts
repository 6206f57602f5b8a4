import type { Command } from 'commander';
import { usageError, verificationError } from '../../errors.js';
import { verifyPack, type Manifest, type PackVerification, type VerificationCheck } from '../../sign/index.js';
import type { ChainVerification, EvidenceStore } from '../../store/index.js';
import { chooseOption, printJson } from '../output.js';
import { withDbOption, withStore, type DbFlags } from '../shared/store-flags.js';

interface VerifyFlags extends DbFlags {
  readonly cluster?: string;
  readonly ca?: string;
  readonly format: string;
}

/** `kubevidence verify [PACK] [--db FILE] [--ca CERT]`: a pack, the database's run chain, or the pack against the store. */
export function register(program: Command): void {
  withDbOption(program.command('verify'))
    .description(
      'Verify an audit pack (manifest signature, every file hash, the PDF signature; with --db also that its run is ' +
        'stored unchanged and the run chain holds; with --ca that the signer chains to that CA) — or, without PACK, ' +
        "the database's run hash chain.",
    )
    .argument('[pack]', 'audit pack folder or .tar.gz archive')
    .option('--ca <cert>', 'PEM certificate of the CA (or the exact certificate) the signer must chain to')
    .option('--cluster <uid>', "without PACK: only this cluster's chain")
    .option('--format <format>', 'output: text or json', 'text')
    .addHelpText('after', '\nExit 0 only when everything holds; 6 names what failed. Examples:\n  kubevidence verify reports/prod/2026-09-30-run-42 --db kubevidence.db --ca corp-ca.pem\n  kubevidence verify --db kubevidence.db')
    .action(async (pack: string | undefined, flags: VerifyFlags) => {
      const format = chooseOption('--format', flags.format, ['text', 'json'] as const);
      if (pack === undefined) verifyChainOnly(flags);
      else await verifyPackCommand(pack, flags, format);
    });
}

function verifyChainOnly(flags: VerifyFlags): void {
  if (flags.ca !== undefined) throw usageError('--ca checks a pack signer: give the pack folder or archive');
  const result = withStore(flags, 'read', (store) => ({ path: store.path, ...verifyStoreChain(store.verifyChain(flags.cluster)) }));
  process.stdout.write(`${result.path}: run chain verified (${result.runsChecked} runs)\n`);
}

async function verifyPackCommand(pack: string, flags: VerifyFlags, format: 'text' | 'json'): Promise<void> {
  const checkRun = flags.db === undefined ? undefined : (manifest: Manifest) => withStore(flags, 'read', (store) => runMatchesStore(store, manifest));
  const result = await verifyPack(pack, { ...(flags.ca === undefined ? {} : { caFile: flags.ca }), ...(checkRun === undefined ? {} : { checkRun }) });
  if (format === 'json') printJson({ pack, ok: result.ok, checks: result.checks });
  else process.stdout.write(describe(pack, result));
  if (!result.ok) {
    const failed = result.checks.filter((check) => !check.ok);
    throw verificationError('verify.pack', `${pack} does not verify: ${failed.map((check) => `${check.name}: ${check.detail}`).join('; ')}`);
  }
}

/** The run the manifest names is in the store with the same hash, and its cluster's chain verifies. */
function runMatchesStore(store: EvidenceStore, manifest: Manifest): VerificationCheck {
  const name = 'stored run';
  let hash: string;
  try {
    // The summary, not the whole run: loading every finding would take seconds on a large cluster.
    hash = store.getRunSummary(manifest.runId).hash;
  } catch {
    return { name, ok: false, detail: `run ${manifest.runId} is not in ${store.path}` };
  }
  if (hash !== manifest.runHash) return { name, ok: false, detail: `run ${manifest.runId} in ${store.path} has hash ${hash.slice(0, 12)}…, the pack was made from ${manifest.runHash.slice(0, 12)}…` };
  const chain = store.verifyChain(manifest.clusterUid);
  if (chain.firstBroken !== null) return { name, ok: false, detail: `the run chain of ${manifest.clusterName} is broken at run ${chain.firstBroken.runId}: ${chain.firstBroken.reason}` };
  return { name, ok: true, detail: `run ${manifest.runId} is stored unchanged and the chain of ${chain.runsChecked} runs verifies` };
}

function describe(pack: string, result: PackVerification): string {
  const lines = result.checks.map((check) => `${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.detail}`);
  return `${pack}\n${lines.join('\n')}\n${result.ok ? 'verified' : 'NOT verified'}\n`;
}

/** Passes a verified chain through; a broken one becomes a verification error (exit 6) naming the run. */
export function verifyStoreChain(verification: ChainVerification): ChainVerification {
  const broken = verification.firstBroken;
  if (broken === null) return verification;
  throw verificationError('verify.chain-broken', `run ${broken.runId} fails verification: ${broken.reason}`);
}
