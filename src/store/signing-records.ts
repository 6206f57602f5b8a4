import type { ChainCheckpoint, ChainHead, KnownSigner, SigningRecord } from '../domain/chain-head.js';
import type { Db } from './db.js';

interface CheckpointRow {
  readonly id: number;
  readonly clusterUid: string;
  readonly createdAt: string;
  readonly statement: string;
  readonly signature: Buffer;
  readonly certificatePem: string;
}

/** The signers table, the chain checkpoints, and the chain head they are checked against. */
export class SigningRecords {
  private readonly insertSigner;
  private readonly insertCheckpoint;
  private readonly signersStmt;
  private readonly latestStmt;
  private readonly headStmt;

  constructor(private readonly db: Db) {
    this.insertSigner = db.prepare('INSERT INTO signers (fingerprint, subject, certificate, first_used_at) VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING');
    this.insertCheckpoint = db.prepare('INSERT INTO chain_checkpoints (cluster_uid, created_at, statement, signature, certificate) VALUES (?, ?, ?, ?, ?)');
    this.signersStmt = db.prepare<[], KnownSigner>('SELECT fingerprint, subject, certificate AS certificatePem, first_used_at AS firstUsedAt FROM signers ORDER BY first_used_at, fingerprint');
    this.latestStmt = db.prepare<[string], CheckpointRow>(
      'SELECT id, cluster_uid AS clusterUid, created_at AS createdAt, statement, signature, certificate AS certificatePem FROM chain_checkpoints WHERE cluster_uid = ? ORDER BY id DESC LIMIT 1',
    );
    // Chain order is insertion (id) order, as in verification.
    this.headStmt = db.prepare<[string], { runCount: number; firstRunId: number | null; headRunId: number | null }>(
      'SELECT count(*) AS runCount, min(id) AS firstRunId, max(id) AS headRunId FROM runs WHERE cluster_uid = ?',
    );
  }

  record(record: SigningRecord): void {
    this.db.transaction(() => {
      const { signer, checkpoint } = record;
      this.insertSigner.run(signer.fingerprint, signer.subject, signer.certificatePem, record.at);
      if (checkpoint !== null) this.insertCheckpoint.run(checkpoint.clusterUid, checkpoint.createdAt, checkpoint.statement, checkpoint.signature, checkpoint.certificatePem);
    }).immediate();
  }

  signers(): readonly KnownSigner[] {
    return this.signersStmt.all();
  }

  latestCheckpoint(clusterUid: string): ChainCheckpoint | null {
    return this.latestStmt.get(clusterUid) ?? null;
  }

  chainHead(clusterUid: string): ChainHead | null {
    const span = this.headStmt.get(clusterUid);
    if (span === undefined || span.firstRunId === null || span.headRunId === null) return null;
    const row = (id: number): { hash: string; clusterName: string } =>
      this.db.prepare<[number], { hash: string; clusterName: string }>('SELECT hash, cluster_name AS clusterName FROM runs WHERE id = ?').get(id) as { hash: string; clusterName: string };
    const first = row(span.firstRunId);
    const head = row(span.headRunId);
    return { clusterUid, clusterName: head.clusterName, runCount: span.runCount, firstRunId: span.firstRunId, firstRunHash: first.hash, headRunId: span.headRunId, headHash: head.hash };
  }
}
