import { sign as signBytes, verify as verifyBytes, X509Certificate } from 'node:crypto';
import type { ChainCheckpoint, ChainHead, CheckpointStatement, KnownSigner } from '../domain/chain-head.js';
import { canonicalJson } from '../store/index.js';
import type { Signer } from './signer.js';
import type { VerificationCheck } from './verify-pack.js';

/** A cluster's runs in chain (id) order, as the store holds them now. */
export interface ChainRuns {
  readonly head: ChainHead | null;
  readonly runs: readonly { readonly id: number; readonly hash: string }[];
}

/** Signs a statement of where the chain stands: openssl can check it (see docs/verification.md). */
export function signCheckpoint(head: ChainHead, signer: Signer, createdAt: Date): Omit<ChainCheckpoint, 'id'> {
  const statement: CheckpointStatement = { format: 'kubevidence.checkpoint.v1', ...head, createdAt: createdAt.toISOString() };
  const text = canonicalJson(statement);
  return {
    clusterUid: head.clusterUid,
    createdAt: statement.createdAt,
    statement: text,
    signature: signBytes('sha256', Buffer.from(text), signer.privateKey),
    certificatePem: signer.certificatePem,
  };
}

export interface CheckpointOptions {
  readonly knownSigners: readonly KnownSigner[];
  /** A CA certificate the checkpoint signer must chain to (or be). */
  readonly ca?: X509Certificate;
}

/**
 * The latest checkpoint against the chain as it is now: signature, signer, and the head it recorded. Runs after
 * the checkpoint are reported as what it cannot prove. Without a checkpoint, only a warning: nothing was signed.
 */
export function checkLatestCheckpoint(checkpoint: ChainCheckpoint | null, chain: ChainRuns, clusterName: string, options: CheckpointOptions): VerificationCheck[] {
  const name = `checkpoint of ${clusterName}`;
  if (checkpoint === null) {
    return [{ name, ok: true, warning: true, detail: 'no signed checkpoint (no signed report yet): deleting the newest runs, or the oldest with a forged prune anchor, cannot be detected' }];
  }
  const signed = checkpointSignature(checkpoint, options);
  if (!signed.ok) return [{ name, ok: false, detail: signed.detail }];
  const statement = signed.statement;
  return [
    { name, ok: true, detail: `checkpoint #${checkpoint.id} of ${statement.createdAt} is signed by ${signed.signer}` },
    ...compareChainHead(statement, chain, { what: `checkpoint of ${statement.createdAt}`, name: `chain head of ${clusterName}`, startChangeFails: true }),
  ];
}

function checkpointSignature(
  checkpoint: ChainCheckpoint,
  options: CheckpointOptions,
): { ok: true; statement: CheckpointStatement; signer: string } | { ok: false; detail: string } {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(checkpoint.certificatePem);
  } catch {
    return { ok: false, detail: `checkpoint #${checkpoint.id} holds no readable certificate` };
  }
  if (!verifyBytes('sha256', Buffer.from(checkpoint.statement), certificate.publicKey, checkpoint.signature)) {
    return { ok: false, detail: `checkpoint #${checkpoint.id} does not verify against its certificate: it was changed` };
  }
  if (!options.knownSigners.some((signer) => signer.fingerprint === certificate.fingerprint256)) {
    return { ok: false, detail: `checkpoint #${checkpoint.id} is signed by ${certificate.fingerprint256}, a certificate no report of this store was signed with` };
  }
  const { ca } = options;
  if (ca !== undefined && ca.fingerprint256 !== certificate.fingerprint256 && !(certificate.checkIssued(ca) && certificate.verify(ca.publicKey))) {
    return { ok: false, detail: `checkpoint #${checkpoint.id} is signed by ${subjectOf(certificate)}, not issued by ${subjectOf(ca)}` };
  }
  const statement = parseStatement(checkpoint.statement);
  if (statement === undefined || statement.clusterUid !== checkpoint.clusterUid) return { ok: false, detail: `checkpoint #${checkpoint.id} is not a checkpoint of this cluster` };
  return { ok: true, statement, signer: subjectOf(certificate) };
}

/**
 * A recorded head (a checkpoint's, or a pack's) against the chain now. The recorded head run must still be there
 * with the same hash, and as many runs must lead up to it. A changed start fails for the latest checkpoint (it is
 * exactly what deleting the oldest run and forging a prune anchor looks like) and is a warning for an older pack.
 */
export function compareChainHead(
  recorded: ChainHead,
  chain: ChainRuns,
  context: { readonly what: string; readonly name: string; readonly startChangeFails: boolean },
): VerificationCheck[] {
  const { name, what } = context;
  const headRun = chain.runs.find((run) => run.id === recorded.headRunId);
  if (headRun === undefined) return [{ name, ok: false, detail: `run ${recorded.headRunId}, the chain head when the ${what} was made, is no longer in the store: runs were deleted` }];
  if (headRun.hash !== recorded.headHash) return [{ name, ok: false, detail: `run ${recorded.headRunId} no longer has the hash the ${what} recorded` }];
  const checks: VerificationCheck[] = [];
  const first = chain.runs[0];
  const upToHead = chain.runs.filter((run) => run.id <= recorded.headRunId).length;
  if (first === undefined || first.id !== recorded.firstRunId || first.hash !== recorded.firstRunHash) {
    const detail = `the chain started at run ${recorded.firstRunId} when the ${what} was made and now starts at run ${first?.id ?? '?'}: runs were removed from its start (a prune since then looks the same${context.startChangeFails ? '; sign a report after pruning to checkpoint the chain again' : ''})`;
    checks.push(context.startChangeFails ? { name, ok: false, detail } : { name, ok: true, warning: true, detail });
  } else if (upToHead !== recorded.runCount) {
    checks.push({ name, ok: false, detail: `the ${what} recorded ${recorded.runCount} runs up to run ${recorded.headRunId}; the store now holds ${upToHead}` });
  } else {
    checks.push({ name, ok: true, detail: `run ${recorded.headRunId}, the chain head the ${what} recorded, and the ${recorded.runCount} runs up to it are all in the store` });
  }
  const after = chain.runs.length - upToHead;
  if (after > 0) checks.push({ name, ok: true, warning: true, detail: `${after} run(s) stored after the ${what} are not covered by it: deleting them would not be detected` });
  return checks;
}

function parseStatement(text: string): CheckpointStatement | undefined {
  try {
    const value = JSON.parse(text) as Partial<CheckpointStatement>;
    const complete = value.format === 'kubevidence.checkpoint.v1' && typeof value.clusterUid === 'string' && typeof value.headRunId === 'number' && typeof value.headHash === 'string' &&
      typeof value.firstRunId === 'number' && typeof value.firstRunHash === 'string' && typeof value.runCount === 'number' && typeof value.createdAt === 'string';
    return complete ? (value as CheckpointStatement) : undefined;
  } catch {
    return undefined;
  }
}

function subjectOf(certificate: X509Certificate): string {
  return certificate.subject.split('\n').join(', ');
}
