/**
 * Stopping a command: on timeout or abort, SIGTERM to its whole process group, then SIGKILL
 * after a grace period; and the result of a command that could not start, or was stopped before it did.
 */
import type { ShellState } from './events.js';
import type { ExecRequest, ExecResponse } from './types.js';

export interface StopWatch {
  readonly timedOut: boolean;
  readonly isCanceled: boolean;
  /** The process is gone: a pending SIGKILL no longer keeps Node alive. */
  exited(): void;
  /** Stop watching (the command finished). */
  dispose(): void;
}

/**
 * Arms the timeout and the abort signal of a request. `kill(signal)` sends a signal to the
 * command's tree; it may be called before the process group is known (the caller defers it).
 */
export function watchStop(request: Pick<ExecRequest, 'timeoutMs' | 'signal'>, kill: (signal: NodeJS.Signals) => void, killGraceMs: number): StopWatch {
  let timedOut = false;
  let isCanceled = false;
  let stopping = false;
  let killTimer: NodeJS.Timeout | undefined;
  let gone = false;

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    kill('SIGTERM');
    killTimer = setTimeout(() => kill('SIGKILL'), killGraceMs);
    if (gone) killTimer.unref();
  };
  const timeout = setTimeout(() => {
    timedOut = true;
    stop();
  }, request.timeoutMs);
  const onAbort = (): void => {
    isCanceled = true;
    stop();
  };
  if (request.signal?.aborted) onAbort();
  else request.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    get timedOut() {
      return timedOut;
    },
    get isCanceled() {
      return isCanceled;
    },
    exited() {
      gone = true;
      killTimer?.unref();
    },
    dispose() {
      clearTimeout(timeout);
      request.signal?.removeEventListener('abort', onAbort);
      // A pending SIGKILL still fires (for children that ignored SIGTERM) but keeps nothing alive.
      killTimer?.unref();
    },
  };
}

/** Signals a process group (`group`) or one process; a process already gone is fine. */
export function killTree(pid: number | undefined, signal: NodeJS.Signals, group = true): void {
  if (pid === undefined) return;
  try {
    process.kill(group ? -pid : pid, signal);
  } catch {
    // Already gone.
  }
}

export function failedToStart(error: unknown, previous: ShellState, started: number): ExecResponse {
  return notRun(previous, started, `runbook: could not start the shell: ${error instanceof Error ? error.message : String(error)}\n`, false);
}

/** The result of a command the run was stopped before (`ExecRequest.ready` refused it). */
export function canceledBeforeStart(previous: ShellState, started: number): ExecResponse {
  return notRun(previous, started, '', true);
}

function notRun(previous: ShellState, started: number, message: string, isCanceled: boolean): ExecResponse {
  return {
    exitCode: null,
    signal: null,
    timedOut: false,
    isCanceled,
    durationMs: Math.round(performance.now() - started),
    stdout: '',
    stderr: message,
    output: message,
    truncated: false,
    state: previous,
  };
}
