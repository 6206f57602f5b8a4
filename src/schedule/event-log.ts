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
