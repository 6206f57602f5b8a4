import type { ContentStores } from './content.js';
import type { Db } from './db.js';
import type { PruneOutcome } from './evidence-store.js';
import { packOf } from './findings.js';
import type { RunRow, RunTables } from './runs.js';

const DAY_MS = 86_400_000;

/**
 * Retention. For each cluster, removes the runs at the start of its chain collected before the cutoff, then
 * every piece of content no remaining run or attestation refers to. Only a prefix of a chain is ever removed,
 * and never a cluster's latest run, so what remains is one unbroken chain per cluster; its first run is
 * recorded as the anchor, with the previous hash it carries, so the verifier accepts the missing link.
 */
export class Pruner {
  private readonly deleteRun;
  private readonly insertAnchor;
  private readonly collector;

  constructor(
    private readonly db: Db,
    private readonly runs: RunTables,
    stores: ContentStores,
  ) {
    this.deleteRun = db.prepare<[number]>('DELETE FROM runs WHERE id = ?');
    this.insertAnchor = db.prepare<[number, string | null, string, number]>(
      'INSERT INTO chain_anchors (run_id, previous_hash, anchored_at, runs_removed) VALUES (?, ?, ?, ?)',
    );
    this.collector = new GarbageCollector(db, stores);
  }

  prune(keepDays: number, now: Date): PruneOutcome {
    const cutoff = new Date(now.getTime() - keepDays * DAY_MS).toISOString();
    return this.db
      .transaction((): PruneOutcome => {
        const anchors: { clusterUid: string; runId: number }[] = [];
        let runsRemoved = 0;
        for (const chain of chainsOf(this.runs.chainRows())) {
          const removable = expiredPrefix(chain, cutoff);
          const anchor = chain[removable.length];
          if (removable.length === 0 || anchor === undefined) continue;
          this.insertAnchor.run(anchor.id, anchor.previousHash, now.toISOString(), removable.length);
          for (const row of removable) this.deleteRun.run(row.id);
          anchors.push({ clusterUid: anchor.clusterUid, runId: anchor.id });
          runsRemoved += removable.length;
        }
        if (runsRemoved === 0) return { runsRemoved, evidenceRemoved: 0, findingsRemoved: 0, anchors };
        return { runsRemoved, ...this.collector.collect(), anchors };
      })
      .immediate();
  }
}

/** Deletes content no remaining run or attestation refers to. Runs inside the prune transaction. */
class GarbageCollector {
  private readonly runLists;
  private readonly detailLists;
  private readonly objectVersions;
  private readonly deleteObject;
  private readonly packs;
  private readonly deletePack;
  private readonly detailIds;
  private readonly deleteDetail;
  private readonly deleteUnusedResources;
  private readonly referencedLists;
  private readonly referencedOthers;
  private readonly blobIds;
  private readonly deleteBlob;

  constructor(
    db: Db,
    private readonly stores: ContentStores,
  ) {
    this.runLists = db.prepare<[], { evidenceBlob: number; findingsBlob: number }>('SELECT DISTINCT evidence_blob AS evidenceBlob, findings_blob AS findingsBlob FROM runs');
    this.detailLists = db.prepare<[], number>('SELECT DISTINCT details_blob FROM run_frameworks').pluck();
    this.objectVersions = db.prepare<[], [id: number, baseId: number | null]>('SELECT id, base_id FROM evidence_objects ORDER BY id').raw(true);
    this.deleteObject = db.prepare<[number]>('DELETE FROM evidence_objects WHERE id = ?');
    this.packs = db.prepare<[], [id: number, findings: number]>('SELECT id, length(addresses) / 32 FROM finding_packs').raw(true);
    this.deletePack = db.prepare<[number]>('DELETE FROM finding_packs WHERE id = ?');
    this.detailIds = db.prepare<[], number>('SELECT id FROM result_details').pluck();
    this.deleteDetail = db.prepare<[number]>('DELETE FROM result_details WHERE id = ?');
    this.deleteUnusedResources = db.prepare('DELETE FROM resources WHERE id NOT IN (SELECT resource_id FROM evidence_objects)');
    this.referencedLists = db
      .prepare<[], number>('SELECT evidence_blob FROM runs UNION SELECT findings_blob FROM runs UNION SELECT details_blob FROM run_frameworks')
      .pluck();
    this.referencedOthers = db
      .prepare<[], number>(
        `SELECT context_blob FROM runs UNION SELECT checks_blob FROM runs UNION SELECT requirements_blob FROM run_frameworks
         UNION SELECT blob_id FROM attestation_files`,
      )
      .pluck();
    this.blobIds = db.prepare<[], number>('SELECT id FROM blobs').pluck();
    this.deleteBlob = db.prepare<[number]>('DELETE FROM blobs WHERE id = ?');
  }

  /** Lists are decoded before the blobs holding them can go. */
  collect(): { evidenceRemoved: number; findingsRemoved: number } {
    const { content } = this.stores;
    const keptObjects = new Set<number>();
    const keptPacks = new Set<number>();
    for (const { evidenceBlob, findingsBlob } of this.runLists.all()) {
      for (const id of content.idList(evidenceBlob)) keptObjects.add(id);
      for (const id of content.idList(findingsBlob)) keptPacks.add(packOf(id));
    }
    const keptDetails = new Set(this.detailLists.all().flatMap((blobId) => content.idList(blobId)));
    const versions = this.objectVersions.all();
    // A kept version compressed against a base keeps that base, even when no remaining run lists the base.
    for (const [id, baseId] of versions) if (baseId !== null && keptObjects.has(id)) keptObjects.add(baseId);
    // Newest first: a version always has a higher id than its base, so no base goes before the versions using it.
    const evidenceRemoved = deleteAllBut(versions.map(([id]) => id).reverse(), keptObjects, (id) => this.deleteObject.run(id));
    // A pack goes when no remaining run uses any of its findings; one still in use keeps all its lines.
    const doomedPacks = this.packs.all().filter(([id]) => !keptPacks.has(id));
    for (const [id] of doomedPacks) this.deletePack.run(id);
    const findingsRemoved = doomedPacks.reduce((sum, [, findings]) => sum + findings, 0);
    deleteAllBut(this.detailIds.all(), keptDetails, (id) => this.deleteDetail.run(id));
    this.deleteUnusedResources.run();
    deleteAllBut(this.blobIds.all(), this.keptBlobs(), (id) => this.deleteBlob.run(id));
    return { evidenceRemoved, findingsRemoved };
  }

  private keptBlobs(): Set<number> {
    const kept = new Set<number>(this.referencedOthers.all());
    // An id list stored as a patch keeps the list it patches, and that one its own base, and so on.
    for (let blobId of this.referencedLists.all()) {
      while (!kept.has(blobId)) {
        kept.add(blobId);
        const base = this.stores.content.idListBase(blobId);
        if (base === null) break;
        blobId = base;
      }
    }
    return kept;
  }
}

function chainsOf(rows: readonly RunRow[]): RunRow[][] {
  const chains = new Map<string, RunRow[]>();
  for (const row of rows) {
    const chain = chains.get(row.clusterUid);
    if (chain === undefined) chains.set(row.clusterUid, [row]);
    else chain.push(row);
  }
  return [...chains.values()];
}

/** The runs at the start of a chain collected before the cutoff, never including the chain's last run. */
function expiredPrefix(chain: readonly RunRow[], cutoff: string): RunRow[] {
  const firstKept = chain.findIndex((row, index) => row.collectedAt >= cutoff || index === chain.length - 1);
  return chain.slice(0, firstKept);
}

function deleteAllBut(ids: readonly number[], kept: ReadonlySet<number>, remove: (id: number) => unknown): number {
  const doomed = ids.filter((id) => !kept.has(id));
  for (const id of doomed) remove(id);
  return doomed.length;
}
