import type { CliResults } from './cli-process.js';
/**
 * The shapes the benchmark's child processes send back to bench/run.ts and that end up in bench/results.json.
 * Times are milliseconds, sizes bytes, memory megabytes (10^6 bytes, as `ps` and most dashboards show it).
 */

/** One measured stage: wall time, throughput and the highest RSS seen while it ran. */
export interface StageResult {
  readonly stage: string;
  readonly ms: number;
  /** User + system CPU time of the process during the stage: less sensitive than `ms` to others' load. */
  readonly cpuMs: number;
  /** Objects of the cluster per second of this stage; null for stages not driven by the object count. */
  readonly objectsPerSecond: number | null;
  readonly peakRssMb: number;
}

/** Everything measured for one cluster size, in one child process. */
export interface SizeResult {
  readonly objects: number;
  readonly seed: number;
  /** 1, 5 and 15 minute load averages when this size started (filled in by run.ts): how busy the machine was. */
  readonly loadAverage?: readonly number[];
  /** The whole `run`, as a user gets it: collect over HTTPS, evaluate + map, store, HTML + PDF report, sign. */
  readonly wholeRun: {
    readonly ms: number;
    /** Kernel high-water mark of the measuring process (process.resourceUsage().maxRSS) when the run ended. */
    readonly maxRssMb: number;
    readonly stages: readonly StageResult[];
  };
  readonly collect: {
    readonly objects: number;
    readonly gaps: number;
    readonly nodeConfigs: number;
    /** The collected snapshot's digest equals that of the same objects assembled without HTTPS (lib/cluster.ts). */
    readonly matchesAssembledSnapshot: boolean;
  };
  /** Filled in by bench/run.ts from the API server child. */
  readonly server?: ServerStats;
  /** Making the signing key (once per installation, `kubevidence keygen`): not part of a run. */
  readonly keygenMs: number;
  readonly evaluate: EvaluateResult;
  readonly report: {
    readonly htmlBytes: number;
    readonly pdfBytes: number;
    /** The other formats of a full pack, rendered after the whole run (not part of the 60 s target). */
    readonly otherFormats: readonly PackFormatResult[];
  };
  readonly database: DatabaseResult;
}

export interface PackFormatResult {
  readonly format: string;
  readonly ms: number;
  /** null when the renderer threw. */
  readonly bytes: number | null;
  readonly peakRssMb: number;
  readonly error: string | null;
}

/** What the size child measures; run.ts adds the evaluate child's and the API server's figures. */
export type SizeChildResult = Omit<SizeResult, 'evaluate' | 'server' | 'loadAverage'>;

/** What the test API server saw while the collector listed the cluster. */
export interface ServerStats {
  readonly startMs: number;
  readonly requests: number;
  /** List requests with a `limit` (every page of every kind). */
  readonly listPages: number;
  readonly bytes: number;
  readonly maxInFlight: number;
}

/** evaluateChecks against its floor: JSON.parse of the same snapshot. */
export interface EvaluateResult {
  readonly checks: number;
  readonly findings: number;
  readonly failing: number;
  readonly repetitions: number;
  /** Median of `repetitions` calls of evaluateChecks (SnapshotIndex built inside, as the engine does by default). */
  readonly evaluateMs: number;
  /** deriveResults + scoreFrameworks over those findings. */
  readonly mapMs: number;
  readonly snapshotJsonBytes: number;
  readonly jsonParseMs: number;
  readonly evaluateToParseRatio: number;
  /** The first evaluateChecks call of the process (code not yet optimised), and its ratio to JSON.parse. */
  readonly coldEvaluateMs: number;
  readonly coldEvaluateToParseRatio: number;
  /** Heap retained by the parsed snapshot (heapUsed after GC, before vs after JSON.parse). */
  readonly parsedSnapshotHeapMb: number;
  /** Heap retained by the evaluation result (findings and the index they reference), measured the same way. */
  readonly evaluationHeapMb: number;
  /** RSS growth at the peak of one evaluateChecks call (sampled), over the RSS before it. */
  readonly evaluationPeakRssGrowthMb: number;
}

export interface DatabaseResult {
  readonly firstRunBytes: number;
  readonly afterUnchangedRunBytes: number;
  /** Growth of the second, unchanged run as a percentage of the first run's size. */
  readonly unchangedGrowthPct: number;
  /** Size after each of the 10 daily runs at 1% churn (day 0 = the first run). */
  readonly churnRunBytes: readonly number[];
  /** Size after 10 churned runs / size after the first. */
  readonly churnRatio: number;
  /** Median insertRun time of the churned days 1..9. */
  readonly churnInsertMs: number;
}

/** scoreTrend + requirementHistory over many stored runs. */
export interface HistoryResult {
  readonly runs: number;
  readonly objectsPerRun: number;
  readonly frameworks: number;
  readonly insertMs: number;
  readonly databaseBytes: number;
  /** Median of `repetitions`, every framework's trend and history, as writeReport asks for them. */
  readonly queryMs: number;
  readonly scoreTrendMs: number;
  readonly requirementHistoryMs: number;
  readonly repetitions: number;
  readonly trendPoints: number;
  readonly historyRows: number;
}

/**
 * What `kubevidence report` costs to make report.pdf of one stored run, measured in a process that does only
 * that (bench/children/measure-pdf-report.ts): the run was prepared by another process.
 */
export interface PdfReportResult {
  /** Catalogues loaded, store opened, run, trend and history read (loadPackInput). */
  readonly loadMs: number;
  readonly modelMs: number;
  readonly renderMs: number;
  readonly pages: number;
  readonly pdfBytes: number;
  /** RSS of the measuring process before the report started (Node, the tsx loader, the imported code). */
  readonly baselineRssMb: number;
  /** Highest RSS sampled from the start of loading to the end of rendering. */
  readonly peakRssMb: number;
  /** Kernel high-water mark of the measuring process (process.resourceUsage().maxRSS). */
  readonly maxRssMb: number;
}

/** A PDF of a stored run with (at least) 5,000 failing findings. */
export interface PdfResult extends PdfReportResult {
  readonly objects: number;
  readonly failingFindings: number;
}

export interface TargetResult {
  readonly target: string;
  readonly limit: string;
  readonly measured: string;
  /** null: not measured in this run (`--quick`, or a measurement that failed). */
  readonly pass: boolean | null;
}

export interface MachineInfo {
  readonly os: string;
  readonly kernel: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly totalMemoryGb: number;
  readonly loadAverageAtStart: readonly number[];
  readonly node: string;
}

export interface BenchResults {
  readonly tool: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly loadAverageAtEnd: readonly number[];
  readonly notes: readonly string[];
  readonly sizes: readonly SizeResult[];
  readonly history: HistoryResult | null;
  readonly pdf: PdfResult | null;
  /** The CLI as a process: start-up and `evaluate --from-file` (bench/lib/cli-process.ts); absent with --skip-cli. */
  readonly cli?: CliResults | null;
  readonly targets: readonly TargetResult[];
}
