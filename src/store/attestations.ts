import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isAttestationValid } from '../catalog/derive-results.js';
import type { Attestation, AttachedFile } from '../domain/attestation.js';
import { inputError, storeError } from '../errors.js';
import { canonicalJson, sha256, sha256Hex } from './canonical.js';
import type { ContentTables } from './content.js';
import type { Db } from './db.js';
import type { AttestationQuery, NewAttestation } from './evidence-store.js';

/** An attestation's own row; its files are rows of their own. */
type AttestationRow = Omit<Attestation, 'files'>;

interface FileRow extends AttachedFile {
  readonly attestationId: string;
}


/** Manual evidence: attestations and their attached files (stored content-addressed, like everything else). */
export class AttestationTables {
  private readonly insertStmt;
  private readonly insertFileStmt;
  private readonly byIdStmt;
  private readonly listStmt;
  private readonly filesStmt;

  constructor(
    private readonly db: Db,
    private readonly content: ContentTables,
  ) {
    this.insertStmt = db.prepare<AttestationRow>(
      `INSERT INTO attestations (id, framework, requirement, attested_by, note, created_at, expires_at)
       VALUES (@id, @framework, @requirement, @by, @note, @createdAt, @expiresAt)`,
    );
    this.insertFileStmt = db.prepare<[string, number, string, number]>('INSERT INTO attestation_files (attestation_id, position, name, blob_id) VALUES (?, ?, ?, ?)');
    const columns = 'id, framework, requirement, attested_by AS by, note, created_at AS createdAt, expires_at AS expiresAt';
    this.byIdStmt = db.prepare<[string], AttestationRow>(`SELECT ${columns} FROM attestations WHERE id = ?`);
    this.listStmt = db.prepare<{ framework: string | null }, AttestationRow>(
      `SELECT ${columns} FROM attestations WHERE @framework IS NULL OR framework = @framework ORDER BY framework, requirement, created_at, id`,
    );
    this.filesStmt = db.prepare<[], FileRow>(
      `SELECT f.attestation_id AS attestationId, f.name, lower(hex(b.sha256)) AS sha256, b.size
       FROM attestation_files f JOIN blobs b ON b.id = f.blob_id ORDER BY f.attestation_id, f.position`,
    );
  }

  /**
   * Files are read and hashed before the write lock; the id is derived from the content, so storing the same
   * attestation twice returns the one already stored.
   */
  add(attestation: NewAttestation): Attestation {
    const files = attestation.files.map(readAttachedFile);
    const { files: _paths, ...given } = attestation;
    const fields = { ...given, createdAt: normalisedInstant(given.createdAt) };
    const attached = files.map(({ name, bytes }) => ({ name, sha256: sha256Hex(bytes), size: bytes.length }));
    const id = `att-${sha256Hex(canonicalJson({ ...fields, files: attached })).slice(0, 16)}`;
    this.db
      .transaction(() => {
        if (this.byIdStmt.get(id) !== undefined) return;
        this.insertStmt.run({ id, ...fields });
        files.forEach(({ name, bytes }, position) => this.insertFileStmt.run(id, position, name, this.content.putBytes(bytes)));
      })
      .immediate();
    return { id, ...fields, files: attached };
  }

  list(query: AttestationQuery = {}): Attestation[] {
    const files = this.filesByAttestation();
    const all = this.listStmt.all({ framework: query.framework ?? null }).map((row) => ({ ...row, files: files.get(row.id) ?? [] }));
    const { validAt } = query;
    return validAt === undefined ? all : all.filter((attestation) => isAttestationValid(attestation, validAt));
  }

  readAttachment(address: string): Buffer {
    const key = /^[0-9a-f]{64}$/i.test(address) ? Buffer.from(address, 'hex') : null;
    const bytes = key === null ? null : this.content.blobBySha256(key);
    if (key === null || bytes === null) throw storeError('store.attachment-missing', `no attachment with SHA-256 ${address} in this database`);
    if (!sha256(bytes).equals(key)) throw storeError('store.attachment-corrupt', `attachment ${address} no longer matches its SHA-256`);
    return bytes;
  }

  private filesByAttestation(): Map<string, AttachedFile[]> {
    const byId = new Map<string, AttachedFile[]>();
    for (const { attestationId, ...file } of this.filesStmt.all()) {
      const files = byId.get(attestationId);
      if (files === undefined) byId.set(attestationId, [file]);
      else files.push(file);
    }
    return byId;
  }
}

function normalisedInstant(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw inputError('attestation.invalid-time', `attestation createdAt is not a date-time: ${value}`, { field: 'createdAt' });
  return new Date(time).toISOString();
}

function readAttachedFile(path: string): { readonly name: string; readonly bytes: Buffer } {
  try {
    return { name: basename(path), bytes: readFileSync(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw inputError('attestation.file-unreadable', `${path}: ${why}`, { file: path });
  }
}
