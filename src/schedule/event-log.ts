/** One machine-readable line per scheduler event, on stdout: what log shippers and `jq` read. */
export type ScheduleEvent =
  | { readonly event: 'daemon-start'; readonly clusters: readonly string[]; readonly collect: string; readonly report: string; readonly timezone: string }
  | { readonly event: 'start'; readonly job: JobKind; readonly cluster: string }
  | { readonly event: 'finish'; readonly job: JobKind; readonly cluster: string; readonly durationMs: number; readonly runId?: number; readonly created?: boolean; readonly scores?: Readonly<Record<string, number | null>>; readonly pack?: string }
  | { readonly event: 'skipped'; readonly job: JobKind; readonly cluster: string; readonly reason: string }
  | { readonly event: 'error'; readonly job: JobKind; readonly cluster: string; readonly durationMs: number; readonly code: string; readonly message: string }
  | { readonly event: 'abandoned'; readonly job: JobKind; readonly cluster: string; readonly reason: string }
  | { readonly event: 'daemon-stop'; readonly signal: string };

export type JobKind = 'collect' | 'report';

export type EventSink = (event: ScheduleEvent) => void;

export function jsonLineSink(write: (line: string) => void = (line) => process.stdout.write(line)): EventSink {
  return (event) => write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
}

/** On a terminal: one readable line per cluster and stage, for someone watching a run by hand. */
export function humanLineSink(write: (line: string) => void = (line) => process.stdout.write(line)): EventSink {
  return (event) => write(`${new Date().toISOString().slice(11, 19)} ${describeEvent(event)}\n`);
}

/** JSON lines for log shippers and cron mail; readable lines when a person is watching. */
export function defaultSink(): EventSink {
  return process.stdout.isTTY === true ? humanLineSink() : jsonLineSink();
}

function describeEvent(event: ScheduleEvent): string {
  switch (event.event) {
    case 'daemon-start':
      return `scheduler started for ${event.clusters.join(', ')}: collect "${event.collect}", report "${event.report}" (${event.timezone})`;
    case 'start':
      return `[${event.cluster}] ${event.job} started`;
    case 'finish': {
      const scores = Object.entries(event.scores ?? {}).map(([framework, score]) => `${framework} ${score === null ? 'n/a' : `${score}%`}`);
      const what = event.pack ?? (event.runId === undefined ? '' : `run ${event.runId}${event.created === false ? ' (already stored)' : ''}`);
      return `[${event.cluster}] ${event.job} finished in ${(event.durationMs / 1000).toFixed(1)} s: ${[what, ...scores].filter((part) => part !== '').join(', ')}`;
    }
    case 'skipped':
      return `[${event.cluster}] ${event.job} skipped: ${event.reason}`;
    case 'error':
      return `[${event.cluster}] ${event.job} FAILED after ${(event.durationMs / 1000).toFixed(1)} s: ${event.message}`;
    case 'abandoned':
      return `[${event.cluster}] ${event.job} abandoned: ${event.reason}`;
    case 'daemon-stop':
      return `scheduler stopped (${event.signal})`;
  }
}
