/**
 * One command in a new bash of its own in a pseudo-terminal (the TUI's steps): the command
 * has a real terminal (prompts, `read -p`, colours, full-screen programs), the operator can type
 * to it, and its raw output goes to a terminal emulator. The session state (exports, cd) comes
 * in through the environment and directory and goes back through a FIFO (`pty-state-channel`).
 * The journal and the step's checks get the output as text (`pty-text`), as one stream (a
 * terminal has no separate stderr).
 */
import { createRequire } from 'node:module';
import type { IPty } from '@lydell/node-pty';
import { createOutputCollector, type OutputLimits } from '../run/create-output-collector.js';
import { readShellState } from '../run/read-shell-state.js';
import { FATAL_SIGNAL_TRAPS, canceledBeforeStart, failedToStart, killTree, signalName, watchStop } from '../run/stop-command.js';
import type { ExecRequest, ExecResponse } from '../contracts/run-seams.js';
import type { PtyStateChannel } from './pty-state-channel.js';
import { createPtyTextFilter } from './pty-text.js';

/** The terminal the pty emulates for the step (the TUI's emulator is an xterm). */
export const PTY_TERM = 'xterm-256color';
/** How long after the shell exits its state report may still be on its way. */
const STATE_GRACE_MS = 500;

export interface PtyStep {
  /** The operator's keys (raw bytes) to the step. */
  write(data: string): void;
  resize(columns: number, rows: number): void;
  /** Flow control: the emulator is behind. */
  pause(): void;
  resume(): void;
}

export interface PtyBashOptions extends OutputLimits {
  shell: string;
  killGraceMs: number;
  channel: PtyStateChannel;
  columns: number;
  rows: number;
  /** The step started: how to type to it. */
  started(step: PtyStep): void;
  /** Raw output (escape sequences and all), for a terminal emulator. */
  screen(data: string): void;
}

/** `$1` the command, `$2` the state FIFO, `$3` the end mark (the trap writes the state, then exits with the command's status). */
const WRAPPER = [
  '__runbook_state=$2 __runbook_end=$3',
  `trap '__runbook_status=$?; { builtin export -p; builtin printf "\\0%s%s" "$PWD" "$__runbook_end"; } >"$__runbook_state" 2>/dev/null; builtin exit $__runbook_status' EXIT`,
  FATAL_SIGNAL_TRAPS,
  '__runbook_command=$1',
  'set --',
  'eval "$__runbook_command"',
].join('\n');

let pty: typeof import('@lydell/node-pty') | undefined;
/** node-pty is loaded on first use (a native module, needed only by the TUI). */
function loadPty(): typeof import('@lydell/node-pty') {
  pty ??= createRequire(import.meta.url)('@lydell/node-pty') as typeof import('@lydell/node-pty');
  return pty;
}

export function spawnPtyBash(request: ExecRequest, options: PtyBashOptions): Promise<ExecResponse> {
  return new Promise<ExecResponse>((resolve) => {
    const started = performance.now();
    const previous = { env: request.env, cwd: request.cwd };
    const collector = createOutputCollector(request, options);
    const filter = createPtyTextFilter();
    const endMark = `\u0001RUNBOOK_STATE_END_${Math.random().toString(36).slice(2)}\u0001`;
    request.ready?.();
    if (request.signal?.aborted) {
      resolve(canceledBeforeStart(previous, started));
      return;
    }
    const report = options.channel.next(endMark);
    let child: IPty;
    try {
      child = loadPty().spawn(options.shell, ['-c', WRAPPER, 'runbook', request.command, options.channel.path, endMark], {
        name: PTY_TERM,
        cols: Math.max(2, options.columns),
        rows: Math.max(2, options.rows),
        cwd: request.cwd,
        env: { ...request.env, TERM: PTY_TERM },
      });
    } catch (error) {
      report.ended(0);
      resolve(failedToStart(error, previous, started));
      return;
    }
    const stop = watchStop(request, (signal) => killTree(child.pid, signal, true), options.killGraceMs);
    const text = (data: string): void => {
      if (data) collector.push('stdout', Buffer.from(data, 'utf8'));
    };
    const data = child.onData((chunk) => {
      options.screen(chunk);
      text(filter.write(chunk));
    });
    options.started({
      write: (keys) => child.write(keys),
      resize: (columns, rows) => child.resize(Math.max(2, columns), Math.max(2, rows)),
      pause: () => child.pause(),
      resume: () => child.resume(),
    });
    child.onExit(async ({ exitCode, signal: signalNumber }) => {
      stop.exited();
      data.dispose();
      text(filter.end());
      collector.end('stdout');
      report.ended(STATE_GRACE_MS);
      const body = await report.text;
      stop.dispose();
      const bashSignal = signalNumber ? (signalName(signalNumber) ?? null) : null;
      // Stopped (timeout, abort): the shell traps the signal and exits 128+N; report the signal.
      const stopped = (stop.timedOut || stop.isCanceled) && exitCode > 128;
      const code = bashSignal ? null : exitCode;
      const normalExit = code !== null && !stop.timedOut && !stop.isCanceled;
      const separator = body?.lastIndexOf('\0') ?? -1;
      let state = previous;
      if (normalExit && body !== undefined && separator !== -1) {
        state = readShellState(body.slice(0, separator), body.slice(separator + 1), request.env);
        // TERM is the pty's, not the session's.
        if (state.env.TERM === PTY_TERM && request.env.TERM !== PTY_TERM) {
          const { TERM: _term, ...env } = state.env;
          void _term;
          state = { ...state, env: request.env.TERM === undefined ? env : { ...env, TERM: request.env.TERM } };
        }
      }
      resolve({
        exitCode: stopped ? null : code,
        signal: stopped ? (signalName(exitCode - 128) ?? null) : bashSignal,
        timedOut: stop.timedOut,
        isCanceled: stop.isCanceled,
        durationMs: Math.round(performance.now() - started),
        ...collector.retained(),
        state,
      });
    });
  });
}
