import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Each measurement runs in its own child process, so that one size's heap, caches and compiled code never
 * inflate the next size's numbers, and so that process.resourceUsage().maxRSS is the peak of that measurement
 * alone. Children run under tsx like the real CLI (bin/kubevidence.js), with --expose-gc for heap readings.
 */
const CHILD_EXEC_ARGV = ['--import', 'tsx', '--expose-gc'];

type ChildMessage =
  | { readonly type: 'ready'; readonly value: unknown }
  | { readonly type: 'result'; readonly value: unknown }
  | { readonly type: 'stopped'; readonly value: unknown }
  | { readonly type: 'error'; readonly message: string };

/** Path of a module in bench/children/, for fork(). */
export function childModule(name: string): string {
  return fileURLToPath(new URL(`../children/${name}.ts`, import.meta.url));
}

/** Forks a measuring child and resolves with the value it reports; rejects if it fails or exits without one. */
export function runChild<T>(name: string, args: readonly string[]): Promise<T> {
  const child = fork(childModule(name), [...args], { execArgv: CHILD_EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'result') {
        settled = true;
        resolve(message.value as T);
      } else if (message.type === 'error') {
        settled = true;
        reject(new Error(`${name}: ${message.message}`));
      }
    });
    child.on('exit', (code, signal) => {
      if (!settled) reject(new Error(`${name} exited (${signal ?? `code ${code ?? '?'}`}) without a result`));
    });
  });
}

/** A long-lived child (the API server): resolves once it reports ready; `stop()` ends it and returns its final report. */
export interface ServingChild<T, S> {
  readonly ready: T;
  stop(): Promise<S>;
}

export function startServingChild<T, S>(name: string, args: readonly string[]): Promise<ServingChild<T, S>> {
  const child = fork(childModule(name), [...args], { execArgv: CHILD_EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<ServingChild<T, S>>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve({ ready: message.value as T, stop: () => stopChild<S>(child, name) });
      else if (message.type === 'error') reject(new Error(`${name}: ${message.message}`));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code ?? '?'} before it was ready`)));
  });
}

function stopChild<S>(child: ChildProcess, name: string): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'stopped') resolve(message.value as S);
    });
    child.once('exit', () => reject(new Error(`${name} exited without its final report`)));
    child.send({ type: 'stop' });
  });
}

/**
 * The child side: runs `main` with the process arguments and reports its value (or its error) to the parent.
 * The child then exits on its own, so a leaked handle in the code under test cannot keep the bench waiting.
 */
export function childMain<T>(main: (args: readonly string[]) => Promise<T>): void {
  main(process.argv.slice(2)).then(
    (value) => send({ type: 'result', value }, 0),
    (error: unknown) => send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1),
  );
}

/**
 * The serving side: reports `value` when ready, then waits for the parent's stop message and answers it with
 * `onStop`'s report. A parent that dies without stopping it (Ctrl-C) disconnects the channel: the child exits too.
 */
export function reportReady(value: unknown, onStop: () => Promise<unknown>): void {
  process.send?.({ type: 'ready', value });
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: { readonly type?: string }) => {
    if (message.type !== 'stop') return;
    onStop().then(
      (report) => send({ type: 'stopped', value: report }, 0),
      (error: unknown) => reportError(error),
    );
  });
}

export function reportError(error: unknown): void {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1);
}

function send(message: ChildMessage, exitCode: number): void {
  if (process.send === undefined) {
    console.log(JSON.stringify(message, null, 2));
    process.exit(exitCode);
  }
  process.send(message, () => process.exit(exitCode));
}
