import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { inputError, KvError, usageError, verificationError } from '../../errors.js';
import {
  checkLatestCheckpoint,
  checkPackContent,
  compareChainHead,
  verifyPack,
  type ChainRuns,
  type Manifest,
  type VerificationCheck,
} from '../../sign/index.js';
import type { ChainVerification, ClusterSummary, EvidenceStore } from '../../store/index.js';
import { chooseOption, printJson } from '../output.js';
import { chosenCluster, withDbOption, withStore, type DbFlags } from '../shared/store-flags.js';

interface VerifyFlags extends DbFlags {
  readonly cluster?: string;
  readonly ca?: string;
  readonly acceptNewSigner?: boolean;
  readonly tsaCa?: string;
  readonly format: string;
}

/** What `verify --format json` prints, whatever the outcome (docs/verification.md). */
interface VerifyJson {
  readonly kind: 'pack' | 'chain';
  readonly target: string;
  readonly ok: boolean;
  readonly checks: readonly VerificationCheck[];
  readonly error?: { readonly code: string; readonly exitCode: number; readonly message: string };
}

/** `kubevidence verify [PACK] [--db FILE] [--ca CERT]`: a pack, the database's run chain, or the pack against the store. */
export function register(program: Command): void {
  withDbOption(program.command('verify'))
    .description(
      'Verify an audit pack (manifest signature, every file hash, the PDF signature, the certificate; with --db also ' +
        'that its run, findings and results are stored unchanged, its signer is one the store signed with and its ' +
        "chain head is still there) — or, without PACK, the database's run hash chain and its signed checkpoints.",
    )
    .argument('[pack]', 'audit pack folder or .tar.gz archive')
    .option('--ca <cert>', 'PEM certificate of the CA (or the exact certificate) the signer must chain to')
    .option('--accept-new-signer', 'with --db and --ca: accept a signer the store never signed with, when it chains to --ca')
    .option('--tsa-ca <cert>', 'PEM certificate(s) the time-stamping authority of manifest.tsr must chain to (default: system roots)')
    .option('--cluster <uid|name>', "without PACK: only this cluster's chain (UID or name)")
    .option('--format <format>', 'output: text or json', 'text')
    .addHelpText(
      'after',
      '\nExit 0 when everything holds (warnings name what cannot be proven); 6 names what failed; 2 for an unknown --cluster.\n' +
        'Examples:\n  kubevidence verify reports/prod/2026-09-30-run-42 --db kubevidence.db --ca corp-ca.pem\n  kubevidence verify --db kubevidence.db --cluster prod-eu',
    )
    .action(async (pack: string | undefined, flags: VerifyFlags) => {
      const format = chooseOption('--format', flags.format, ['text', 'json'] as const);
      const kind = pack === undefined ? 'chain' : 'pack';
      const target = pack ?? flags.db ?? '';
      try {
        checkFlags(pack, flags);
        const checks = pack === undefined ? verifyChainOnly(flags) : await verifyPackCommand(pack, flags);
        report({ kind, target, ok: checks.every((check) => check.ok), checks }, format);
      } catch (error) {
        if (format === 'json' && error instanceof KvError && !printed.has(error)) {
          printJson({ kind, target, ok: false, checks: [], error: { code: error.code, exitCode: error.exitCode, message: error.toLine() } } satisfies VerifyJson);
        }
        throw error;
      }
    });
}

/** Errors whose outcome was already printed as the JSON document. */
const printed = new WeakSet<KvError>();

function checkFlags(pack: string | undefined, flags: VerifyFlags): void {
  if (pack !== undefined && flags.cluster !== undefined) throw usageError('--cluster selects a chain to verify without PACK; a pack names its own cluster');
  if (flags.acceptNewSigner === true && (pack === undefined || flags.db === undefined || flags.ca === undefined)) {
    throw usageError('--accept-new-signer accepts a pack signer the store does not know: give PACK, --db and the --ca it must chain to');
  }
}

/** Prints the outcome, then fails with exit 6 naming every failed check. */
function report(outcome: VerifyJson, format: 'text' | 'json'): void {
  if (format === 'json') printJson(outcome);
  else process.stdout.write(describe(outcome));
  if (outcome.ok) return;
  const failed = outcome.checks.filter((check) => !check.ok);
  const error =
    outcome.kind === 'pack'
      ? verificationError('verify.pack', `${outcome.target} does not verify: ${failed.map((check) => `${check.name}: ${check.detail}`).join('; ')}`)
      : verificationError('verify.chain', failed.map((check) => check.detail).join('; '));
  printed.add(error);
  throw error;
}

function describe(outcome: VerifyJson): string {
  const lines = outcome.checks.map((check) => `${check.ok ? (check.warning === true ? 'warn' : 'ok  ') : 'FAIL'}  ${check.name}: ${check.detail}`);
  if (outcome.kind === 'pack') return `${outcome.target}\n${lines.join('\n')}\n${outcome.ok ? 'verified' : 'NOT verified'}\n`;
  const runs = outcome.checks.reduce((total, check) => total + (check.name.startsWith('run chain') ? Number(/(\d+) runs verify/.exec(check.detail)?.[1] ?? 0) : 0), 0);
  return `${lines.join('\n')}${lines.length === 0 ? '' : '\n'}${outcome.target}: ${outcome.ok ? `run chain verified (${runs} runs)` : 'NOT verified'}\n`;
}

/** Every cluster's chain (or the one --cluster names, by UID or name), each with its latest signed checkpoint. */
function verifyChainOnly(flags: VerifyFlags): VerificationCheck[] {
  const ca = flags.ca === undefined ? undefined : readCa(flags.ca);
  return withStore(flags, 'read', (store) => {
    const clusters = flags.cluster === undefined ? store.listClusters() : [chosenCluster(store, flags.cluster)];
    if (clusters.length === 0) return [{ name: 'run chain', ok: true, warning: true, detail: `${store.path} holds no runs: 0 runs verify` }];
    const knownSigners = store.listSigners();
    return clusters.flatMap((cluster) => [
      chainCheck(cluster, store.verifyChain(cluster.uid)),
      ...checkLatestCheckpoint(store.latestCheckpoint(cluster.uid), chainRunsOf(store, cluster.uid), cluster.name, { knownSigners, ...(ca === undefined ? {} : { ca }) }),
    ]);
  });
}

function chainCheck(cluster: ClusterSummary, verification: ChainVerification): VerificationCheck {
  const name = `run chain of ${cluster.name}`;
  const broken = verification.firstBroken;
  return broken === null
    ? { name, ok: true, detail: `${verification.runsChecked} runs verify` }
    : { name, ok: false, detail: `run ${broken.runId} fails verification: ${broken.reason}` };
}

async function verifyPackCommand(pack: string, flags: VerifyFlags): Promise<readonly VerificationCheck[]> {
  const ca = flags.ca === undefined ? undefined : readCa(flags.ca);
  const checkStore =
    flags.db === undefined
      ? undefined
      : (packed: { dir: string; manifest: Manifest; certificate: X509Certificate | undefined }) =>
          withStore(flags, 'read', (store) => packAgainstStore(store, packed, { ca, acceptNewSigner: flags.acceptNewSigner === true }));
  const result = await verifyPack(pack, {
    ...(flags.ca === undefined ? {} : { caFile: flags.ca }),
    ...(flags.tsaCa === undefined ? {} : { tsaCaFile: flags.tsaCa }),
    ...(checkStore === undefined ? {} : { checkStore }),
  });
  return result.checks;
}

/**
 * The pack against the store it claims to come from: the run is stored with the same hash and its chain holds,
 * the machine-readable files say what the stored run says, the signer is one the store signed with, and the chain
 * head the pack recorded is still there.
 */
function packAgainstStore(
  store: EvidenceStore,
  pack: { readonly dir: string; readonly manifest: Manifest; readonly certificate: X509Certificate | undefined },
  options: { readonly ca: X509Certificate | undefined; readonly acceptNewSigner: boolean },
): VerificationCheck[] {
  const { manifest } = pack;
  const stored = storedRunCheck(store, manifest);
  if (!stored.ok) return [stored];
  return [
    stored,
    ...checkPackContent(pack.dir, manifest, store.getRun(manifest.runId)),
    signerPinCheck(store, pack.certificate, options),
    ...packChainHeadChecks(store, manifest),
  ];
}

/** The run the manifest names is in the store with the same hash, and its cluster's chain verifies. */
function storedRunCheck(store: EvidenceStore, manifest: Manifest): VerificationCheck {
  const name = 'stored run';
  let hash: string;
  try {
    hash = store.getRunSummary(manifest.runId).hash;
  } catch {
    return { name, ok: false, detail: `run ${manifest.runId} is not in ${store.path}` };
  }
  if (hash !== manifest.runHash) return { name, ok: false, detail: `run ${manifest.runId} in ${store.path} has hash ${hash.slice(0, 12)}…, the pack was made from ${manifest.runHash.slice(0, 12)}…` };
  const chain = store.verifyChain(manifest.clusterUid);
  if (chain.firstBroken !== null) return { name, ok: false, detail: `the run chain of ${manifest.clusterName} is broken at run ${chain.firstBroken.runId}: ${chain.firstBroken.reason}` };
  return { name, ok: true, detail: `run ${manifest.runId} is stored unchanged and the chain of ${chain.runsChecked} runs verifies` };
}

/**
 * The signer must be a certificate this store's reports were signed with: a pack rewritten and re-signed by
 * another key with the same subject fails here. A new signer passes only when it chains to --ca and the user
 * said --accept-new-signer.
 */
function signerPinCheck(store: EvidenceStore, certificate: X509Certificate | undefined, options: { readonly ca: X509Certificate | undefined; readonly acceptNewSigner: boolean }): VerificationCheck {
  const name = 'signer pinned';
  if (certificate === undefined) return { name, ok: false, detail: 'the pack carries no signer certificate' };
  const fingerprint = certificate.fingerprint256;
  const known = store.listSigners();
  if (known.some((signer) => signer.fingerprint === fingerprint)) return { name, ok: true, detail: `${store.path} signed its reports with this certificate (${fingerprint})` };
  const chainsToCa = options.ca !== undefined && (options.ca.fingerprint256 === fingerprint || (certificate.checkIssued(options.ca) && certificate.verify(options.ca.publicKey)));
  if (chainsToCa && options.acceptNewSigner) return { name, ok: true, warning: true, detail: `new signer ${fingerprint} accepted: it chains to --ca and --accept-new-signer was given` };
  const usedList = known.length === 0 ? 'none recorded' : known.map((signer) => signer.fingerprint).join(', ');
  return {
    name,
    ok: false,
    detail: `the pack is signed by ${fingerprint}, a certificate ${store.path} never signed with (used: ${usedList}); accept it only with --ca and --accept-new-signer`,
  };
}

/** The chain head the pack recorded is still in the store (packs made before 0.2 record none: a warning). */
function packChainHeadChecks(store: EvidenceStore, manifest: Manifest): VerificationCheck[] {
  const name = 'chain head';
  if (manifest.chainHead === undefined) return [{ name, ok: true, warning: true, detail: 'the pack records no chain head: whether runs were deleted since it was made cannot be checked' }];
  if (manifest.chainHead.clusterUid !== manifest.clusterUid) return [{ name, ok: false, detail: 'the chain head the pack recorded is of another cluster' }];
  return compareChainHead(manifest.chainHead, chainRunsOf(store, manifest.clusterUid), { what: 'pack', name, startChangeFails: false });
}

function chainRunsOf(store: EvidenceStore, clusterUid: string): ChainRuns {
  const runs = store
    .listRuns({ clusterUid })
    .map((run) => ({ id: run.id, hash: run.hash }))
    .sort((a, b) => a.id - b.id);
  return { head: store.chainHead(clusterUid), runs };
}

function readCa(file: string): X509Certificate {
  try {
    return new X509Certificate(readFileSync(file));
  } catch {
    throw inputError('pack.ca', 'cannot read CA certificate (PEM expected)', { file });
  }
}

/** Passes a verified chain through; a broken one becomes a verification error (exit 6) naming the run. */
export function verifyStoreChain(verification: ChainVerification): ChainVerification {
  const broken = verification.firstBroken;
  if (broken === null) return verification;
  throw verificationError('verify.chain-broken', `run ${broken.runId} fails verification: ${broken.reason}`);
}
