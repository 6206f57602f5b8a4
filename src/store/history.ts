import type { RequirementStatus } from '../domain/status.js';
import type { RequirementHistory, ScorePoint } from '../domain/history.js';
import type { ContentTables } from './content.js';
import type { Db } from './db.js';
import type { RunQuery } from './evidence-store.js';
import { instantOf, statusesOf } from './runs.js';

interface PeriodParams {
  readonly framework: string;
  readonly cluster: string | null;
  readonly since: string | null;
  readonly until: string | null;
}

const PERIOD_FILTER = `(@cluster IS NULL OR r.cluster_uid = @cluster)
  AND (@since IS NULL OR r.collected_at >= @since) AND (@until IS NULL OR r.collected_at <= @until)`;

/** One run's statuses for the framework, in time order: the rows history is folded from. */
type StatusRow = [collectedAt: string, requirementsBlob: number, statuses: Buffer];

const HOUR_MS = 3_600_000;

/** Score trend and per-requirement history over a period. Both read narrow rows only, never run content. */
export class HistoryQueries {
  private readonly trendStmt;
  private readonly statusStmt;

  constructor(
    db: Db,
    private readonly content: ContentTables,
  ) {
    this.trendStmt = db.prepare<PeriodParams, ScorePoint>(
      `SELECT r.id AS runId, r.collected_at AS collectedAt, f.framework, f.score
       FROM run_frameworks f JOIN runs r ON r.id = f.run_id
       WHERE f.framework = @framework AND f.score_detail IS NOT NULL AND ${PERIOD_FILTER}
       ORDER BY r.collected_at, r.id`,
    );
    // One row per run: the statuses of all the framework's requirements travel together, one byte each.
    this.statusStmt = db
      .prepare<PeriodParams, StatusRow>(
        `SELECT r.collected_at, f.requirements_blob, f.statuses
         FROM run_frameworks f JOIN runs r ON r.id = f.run_id
         WHERE f.framework = @framework AND ${PERIOD_FILTER}
         ORDER BY r.collected_at, r.id`,
      )
      .raw(true);
  }

  scoreTrend(framework: string, query: RunQuery = {}): ScorePoint[] {
    return this.trendStmt.all(periodParamsOf(framework, query));
  }

  requirementHistory(framework: string, query: RunQuery = {}): RequirementHistory[] {
    const folds = new Map<string, HistoryFold>();
    const requirementLists = new Map<number, readonly string[]>();
    for (const [collectedAt, requirementsBlob, codes] of this.statusStmt.all(periodParamsOf(framework, query))) {
      const requirements = requirementLists.get(requirementsBlob) ?? this.content.blobJson<string[]>(requirementsBlob);
      requirementLists.set(requirementsBlob, requirements);
      const time = Date.parse(collectedAt);
      statusesOf(codes).forEach((status, index) => foldOf(folds, framework, requirements[index] ?? '?').add(status, time));
    }
    return [...folds.values()].map((fold) => fold.result()).sort((a, b) => a.requirement.localeCompare(b.requirement, 'en', { numeric: true }));
  }
}

/**
 * One requirement's runs folded in time order. Remediation time runs from the first run of a failing streak
 * to the first later run where it passes; `partial` and `unknown` in between do not end the streak, and a
 * streak still open at the end of the period is not counted.
 */
class HistoryFold {
  private runs = 0;
  private passed = 0;
  private failed = 0;
  private unknown = 0;
  private failingSince: number | null = null;
  private readonly remediations: number[] = [];

  constructor(
    private readonly framework: string,
    readonly requirement: string,
  ) {}

  add(status: RequirementStatus, time: number): void {
    this.runs += 1;
    if (status === 'pass') {
      this.passed += 1;
      if (this.failingSince !== null) this.remediations.push(time - this.failingSince);
      this.failingSince = null;
    } else if (status === 'fail') {
      this.failed += 1;
      this.failingSince ??= time;
    } else if (status === 'unknown') {
      this.unknown += 1;
    }
  }

  result(): RequirementHistory {
    const total = this.remediations.reduce((sum, ms) => sum + ms, 0);
    return {
      framework: this.framework,
      requirement: this.requirement,
      runs: this.runs,
      passed: this.passed,
      failed: this.failed,
      unknown: this.unknown,
      meanTimeToRemediateHours: this.remediations.length === 0 ? null : Math.round((total / this.remediations.length / HOUR_MS) * 10) / 10,
    };
  }
}

function foldOf(folds: Map<string, HistoryFold>, framework: string, requirement: string): HistoryFold {
  const existing = folds.get(requirement);
  if (existing !== undefined) return existing;
  const fold = new HistoryFold(framework, requirement);
  folds.set(requirement, fold);
  return fold;
}

function periodParamsOf(framework: string, query: RunQuery): PeriodParams {
  return {
    framework,
    cluster: query.clusterUid ?? null,
    since: query.since === undefined ? null : instantOf('since', query.since, 'start'),
    until: query.until === undefined ? null : instantOf('until', query.until, 'end'),
  };
}
