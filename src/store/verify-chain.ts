import { describeRef, type ResourceRef } from '../domain/snapshot.js';
import type { JsonValue } from '../domain/json.js';
import { digestOfDigests, sha256 } from './canonical.js';
import { runHashOf } from './chain.js';
import type { ContentStores } from './content.js';
import type { Db } from './db.js';
import type { ChainVerification } from './evidence-store.js';
import { refOfEvidence } from './run-content.js';
import { frameworkDigestsOf, runIdentityOf, type RunRow, type RunTables } from './runs.js';

/** Why a run failed verification; thrown inside the walk and reported as the first broken run. */
class BrokenRun extends Error {}

/**
 * Recomputes every run's hash from the content it rests on, in chain order, and checks each link. Content
 * shared between runs is re-hashed once; any row edited after the fact (a finding, an evidence object, a
 * result, a score, a list, a link) changes a digest and names the first run whose hash no longer matches.
 */
export class ChainVerifier {
  private readonly anchorStmt;

  constructor(
    db: Db,
    private readonly runs: RunTables,
    private readonly stores: ContentStores,
  ) {
    this.anchorStmt = db.prepare<[number], { previousHash: string | null }>('SELECT previous_hash AS previousHash FROM chain_anchors WHERE run_id = ?');
  }

  verify(clusterUid?: string): ChainVerification {
    // Fresh for every verification: nothing read before may be trusted now.
    const digests = new ContentDigestsFromStore(this.stores);
    const lastHash = new Map<string, string>();
    let runsChecked = 0;
    for (const row of this.runs.chainRows(clusterUid)) {
      runsChecked += 1;
      const reason = this.problemWith(row, lastHash.get(row.clusterUid) ?? null, digests);
      if (reason !== null) return { ok: false, runsChecked, firstBroken: { runId: row.id, reason } };
      lastHash.set(row.clusterUid, row.hash);
    }
    return { ok: true, runsChecked, firstBroken: null };
  }

  private problemWith(row: RunRow, previousHash: string | null, digests: ContentDigestsFromStore): string | null {
    try {
      this.checkLink(row, previousHash);
      if (this.recomputedHash(row, digests) !== row.hash) return 'its stored content no longer matches its hash (a row it rests on was changed)';
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  private checkLink(row: RunRow, previousHash: string | null): void {
    if (previousHash !== null) {
      if (row.previousHash !== previousHash) throw new BrokenRun('its previous hash does not match the hash of the run stored before it');
      return;
    }
    const anchor = this.anchorStmt.get(row.id);
    if (anchor !== undefined) {
      if (anchor.previousHash !== row.previousHash) throw new BrokenRun('its previous hash does not match the one recorded when it became the chain anchor');
      return;
    }
    if (row.previousHash !== null) throw new BrokenRun('it links to a run that is no longer in the database, and no prune recorded it as the chain anchor');
  }

  private recomputedHash(row: RunRow, digests: ContentDigestsFromStore): string {
    const { content } = this.stores;
    return runHashOf({
      ...runIdentityOf(row),
      contextDigest: digests.blob(row.contextBlob).toString('hex'),
      checksDigest: digests.blob(row.checksBlob).toString('hex'),
      evidenceDigest: digestOfDigests(content.idList(row.evidenceBlob).map((id) => digests.object(id))),
      findingsDigest: digestOfDigests(content.idList(row.findingsBlob).map((id) => digests.finding(id))),
      ...frameworkDigestsOf(this.runs.frameworks(row.id)),
      previousHash: row.previousHash,
    });
  }
}

/**
 * SHA-256 of stored content, recomputed from its bytes and checked against the address it is stored under.
 * Content shared by many runs is hashed once per verification.
 */
class ContentDigestsFromStore {
  private readonly objects = new Map<number, Buffer>();
  private readonly findings = new Map<number, Buffer>();
  private readonly blobs = new Map<number, Buffer>();

  constructor(private readonly stores: ContentStores) {}

  blob(id: number): Buffer {
    return cached(this.blobs, id, () => {
      const { sha256: address, bytes } = this.stores.content.blobContent(id);
      return addressChecked(`blob #${id}`, address, sha256(bytes));
    });
  }

  finding(id: number): Buffer {
    return cached(this.findings, id, () => {
      const { sha256: address, text } = this.stores.findings.content(id);
      return addressChecked(`finding #${id}`, address, sha256(text));
    });
  }

  object(id: number): Buffer {
    return cached(this.objects, id, () => {
      const { ref, sha256: address, text } = this.stores.objects.content(id);
      const claimed = refOfEvidence(JSON.parse(text) as JsonValue);
      if (claimed === null || !sameRef(claimed, ref)) {
        throw new BrokenRun(`evidence object #${id} is filed as ${describeRef(ref)} but its content is ${claimed === null ? 'not an object' : describeRef(claimed)}`);
      }
      return addressChecked(`evidence object #${id}`, address, sha256(text));
    });
  }
}

/** Content must sit under its own address, or lookups by address (dedup, attachments, evidence) would lie. */
function addressChecked(what: string, stored: Buffer, actual: Buffer): Buffer {
  if (!stored.equals(actual)) throw new BrokenRun(`${what} is not stored under its own SHA-256 (its content was changed)`);
  return actual;
}

function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  return a.apiVersion === b.apiVersion && a.kind === b.kind && (a.namespace ?? null) === (b.namespace ?? null) && a.name === b.name;
}

function cached<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  cache.set(key, value);
  return value;
}
