/**
 * Where a cluster's run chain stands: how many runs it holds, which run starts it and which ends it. A pack
 * records it in its manifest and the store keeps signed copies (checkpoints), so that deleting the newest runs
 * or cutting off the oldest ones — which leave a chain that is internally consistent — can still be detected.
 */
export interface ChainHead {
  readonly clusterUid: string;
  readonly clusterName: string;
  readonly runCount: number;
  readonly firstRunId: number;
  readonly firstRunHash: string;
  readonly headRunId: number;
  readonly headHash: string;
}

/** A certificate the store's packs have been signed with. */
export interface KnownSigner {
  /** SHA-256 of the certificate's DER, `AA:BB:...` (as X509Certificate.fingerprint256). */
  readonly fingerprint: string;
  readonly subject: string;
  readonly certificatePem: string;
  readonly firstUsedAt: string;
}

/** A signed statement of a chain head, as stored: the exact signed bytes, the signature and the signer's certificate. */
export interface ChainCheckpoint {
  readonly id: number;
  readonly clusterUid: string;
  readonly createdAt: string;
  /** The canonical JSON that was signed (a {@link CheckpointStatement}). */
  readonly statement: string;
  readonly signature: Buffer;
  readonly certificatePem: string;
}

export interface CheckpointStatement extends ChainHead {
  readonly format: 'kubevidence.checkpoint.v1';
  readonly createdAt: string;
}

/** What a signed report records in the store, in one transaction. */
export interface SigningRecord {
  readonly signer: Omit<KnownSigner, 'firstUsedAt'>;
  readonly checkpoint: Omit<ChainCheckpoint, 'id'> | null;
  readonly at: string;
}
