/**
 * Stopping a command: on timeout or abort, SIGTERM to its whole process group, then SIGKILL
 * after a grace period; and the result of a command that could not start, or was stopped before it did.
 */
import { constants as osConstants } from 'node:os';
import type { ShellState } from '../../contracts/run-event.js';
import type { ExecRequest, ExecResponse } from '../../contracts/run-seams.js';
import type { StepFence } from './process-fences.js';
import { watchStdin } from './waits-on-stdin.js';

/** How often a step whose stdin is a held FIFO is looked at for a process waiting to read it. */
const STDIN_WAIT_POLL_MS = 500;

/**
 * The catchable signals that end a shell: trapped in the shell that runs a step (the server's
 * subshell, or a new bash) so that its EXIT trap sees 128+N, the status bash gives a command a
 * signal ends, instead of the last command's (bash's own when it dies of a signal), and reports
 * the session state. A trap only changes when bash acts on the signal (once the foreground
 * command has ended, which a stop, sent to the whole process group, also ends). Traps are reset
 * for the commands bash runs. Either executor then reports `kill -USR1 $BASHPID` as exit 138.
 */
export const FATAL_SIGNAL_TRAPS = ['HUP', 'INT', 'QUIT', 'PIPE', 'ALRM', 'TERM', 'USR1', 'USR2', 'XCPU', 'XFSZ', 'VTALRM', 'PROF']
  .filter((name) => `SIG${name}` in osConstants.signals)
  .map((name) => `trap 'builtin exit ${128 + osConstants.signals[`SIG${name}` as NodeJS.Signals]}' ${name}`)
  .join('; ');

/** `SIGTERM` for 15. */
export function signalName(number: number): string | undefined {
  return Object.entries(osConstants.signals).find(([, value]) => value === number)?.[0];
}

/** The steps' held stdin, to watch for a process waiting on it (terminate/waits-on-stdin.ts). */
export interface HeldStdinWatch {
  /** The FIFO's `DEV:INODE`; undefined: none held (`/dev/null`). */
  identity: string | undefined;
  /** How long a wait with a time limit may last (default `TIMED_INPUT_GRACE_MS`). */
  timedGraceMs?: number | undefined;
}

export interface StopWatch {
  readonly timedOut: boolean;
  readonly isCanceled: boolean;
  /** Stopped because this process waited to read a stdin no one writes (`watchStop`'s `stdin`). */
  readonly waitedForInput: string | undefined;
  /** The watch stopped the command: its timeout, its abort, or a wait for input. */
  readonly stopped: boolean;
  /** The process is gone: a pending SIGKILL no longer keeps Node alive. */
  exited(): void;
  /** Stop watching (the command finished). */
  dispose(): void;
}

/**
 * Arms the timeout and the abort signal of a request. `kill(signal)` sends a signal to the
 * command's tree; it may be called before the process group is known (the caller defers it).
 * With `stdin` (the `DEV:INODE` of a FIFO held open and never written, the steps' stdin), a
 * process found waiting to read it stops the command too (terminate/waits-on-stdin.ts).
 */
export function watchStop(request: Pick<ExecRequest, 'timeoutMs' | 'signal'>, kill: (signal: NodeJS.Signals) => void, killGraceMs: number, stdin?: HeldStdinWatch): StopWatch {
  let timedOut = false;
  let isCanceled = false;
  let waitedForInput: string | undefined;
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
  const look = stdin?.identity === undefined ? undefined : watchStdin(stdin.identity, stdin.timedGraceMs);
  const stdinWatch =
    look === undefined
      ? undefined
      : setInterval(() => {
          if (stopping) return;
          waitedForInput = look();
          if (waitedForInput !== undefined) stop();
        }, STDIN_WAIT_POLL_MS);
  stdinWatch?.unref();
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
    get waitedForInput() {
      return waitedForInput;
    },
    get stopped() {
      return stopping;
    },
    exited() {
      gone = true;
      clearInterval(stdinWatch);
      killTimer?.unref();
    },
    dispose() {
      clearTimeout(timeout);
      clearInterval(stdinWatch);
      request.signal?.removeEventListener('abort', onAbort);
      // A pending SIGKILL still fires (for children that ignored SIGTERM) but keeps nothing alive.
      killTimer?.unref();
    },
  };
}

/** What a stop watch says of a command, as its response carries it. */
export function stopFacts(stop: StopWatch): Pick<ExecResponse, 'timedOut' | 'isCanceled' | 'waitedForInput'> {
  return { timedOut: stop.timedOut, isCanceled: stop.isCanceled, ...(stop.waitedForInput !== undefined ? { waitedForInput: stop.waitedForInput } : {}) };
}

/**
 * watchStop for a command that runs in a process group of its own (the child's pid) inside a
 * step fence: a stop signals the fence, then the group.
 */
export function watchFencedStop(
  request: Pick<ExecRequest, 'timeoutMs' | 'signal'>,
  fence: Pick<StepFence, 'signal'>,
  child: { readonly pid?: number | undefined },
  killGraceMs: number,
  stdin?: HeldStdinWatch,
): StopWatch {
  return watchStop(
    request,
    (signal) => {
      fence.signal(signal);
      killTree(child.pid, signal);
    },
    killGraceMs,
    stdin,
  );
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
