/**
 * One command in a new bash of its own in a pseudo-terminal (the TUI's steps): the command
 * has a real terminal (prompts, `read -p`, colours, full-screen programs), the operator can type
 * to it, and its raw output goes to a terminal emulator. The session state (exports, cd) comes
 * in through the environment and directory and goes back through a FIFO (`pty-state-channel`).
 * The journal and the step's checks get the output as text (`pty-text`), as one stream (a
 * terminal has no separate stderr).
 */
import { evalWithPipeStatus, PIPE_STATUS_FUNCTION } from '../pipe-status.js';
import { createRequire } from 'node:module';
import type { IPty } from '@lydell/node-pty';
import { createOutputCollector, type OutputLimits } from '../io/create-output-collector.js';
import { readShellState } from '../state/read-shell-state.js';
import type { ProcessFences } from '../terminate/process-fences.js';
import { FATAL_SIGNAL_TRAPS, canceledBeforeStart, failedToStart, signalName, stopFacts, watchFencedStop } from '../terminate/stop-command.js';
import type { ExecRequest, ExecResponse } from '../../contracts/run-seams.js';
import type { PtyStateChannel } from './pty-state-channel.js';
import { createPtyTextFilter } from './pty-text.js';
import { NO_STARTUP_FILES } from '../spawn/bash-wrapper.js';

/** The terminal the pty emulates for the step (the TUI's emulator is an xterm). */
export const PTY_TERM = 'xterm-256color';
/** How long after the shell exits its state report may still be on its way. */
const STATE_GRACE_MS = 500;

export interface PtyStep {
  /** The step's bash (the leader of its process group). */
  readonly pid: number;
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
  /** Around the step's processes (terminate/process-fences.ts). */
  fences: ProcessFences;
  channel: PtyStateChannel;
  columns: number;
  rows: number;
  /** The step started: how to type to it. */
  started(step: PtyStep): void;
  /** Raw output (escape sequences and all), for a terminal emulator. */
  screen(data: string): void;
}

/** What the trap prints to the terminal after the output: an OSC sequence terminals ignore. */
const outputEnd = (nonce: string): string => `\u001b]7777;${nonce}\u0007`;

/**
 * `$1` the command, `$2` the state FIFO, `$3` the end mark, `$4` the acknowledgement FIFO, `$5`
 * the `cgroup.procs` file of the step's fence ('' for none), `$6` `p` for `set -o pipefail` (as in
 * spawn/bash-wrapper.ts). The trap turns tracing off out of sight, writes the state, marks the
 * end of the output on the terminal, waits (at most 5 s) until Node has read that far, then exits
 * with the command's status.
 */
const WRAPPER = [
  '[[ -z $5 ]] || builtin echo "$BASHPID" 2>/dev/null >"$5"',
  '__runbook_state=$2 __runbook_end=$3 __runbook_ack=$4 __runbook_pipefail=$6',
  `trap '{ __runbook_status=$?; set +xv; } 2>/dev/null; { builtin export -p; builtin printf "\\0%s%s" "$PWD" "$__runbook_end"; } >"$__runbook_state" 2>/dev/null; builtin printf "\\033]7777;%s\\007" "$__runbook_end" >/dev/tty 2>/dev/null && builtin read -r -t 5 __runbook_status_ack <"$__runbook_ack"; builtin exit $__runbook_status' EXIT`,
  FATAL_SIGNAL_TRAPS,
  PIPE_STATUS_FUNCTION,
  '__runbook_command=$1',
  '[[ -z $__runbook_pipefail ]] || set -o pipefail',
  'set --',
  evalWithPipeStatus('__runbook_command'),
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
    const fence = options.fences.next();
    const pipefail = request.step.pipefail === false ? '' : 'p';
    let child: IPty;
    try {
      child = loadPty().spawn(options.shell, [...NO_STARTUP_FILES, '-c', WRAPPER, 'runbook', request.command, options.channel.path, endMark, options.channel.ackPath, fence.joinFile, pipefail], {
        name: PTY_TERM,
        cols: Math.max(2, options.columns),
        rows: Math.max(2, options.rows),
        cwd: request.cwd,
        env: { ...request.env, ...fence.env, TERM: PTY_TERM },
      });
    } catch (error) {
      fence.settle(false, undefined);
      report.ended(0);
      resolve(failedToStart(error, previous, started));
      return;
    }
    const stop = watchFencedStop(request, fence, child, options.killGraceMs);
    const text = (data: string): void => {
      if (data) collector.push('stdout', Buffer.from(data, 'utf8'));
    };
    // The end of the output, as the trap marks it (perhaps split across chunks): acknowledged and removed.
    const end = outputEnd(endMark);
    let tail = '';
    const data = child.onData((chunk) => {
      let received = tail + chunk;
      tail = '';
      const at = received.indexOf(end);
      if (at !== -1) {
        received = received.slice(0, at) + received.slice(at + end.length);
        options.channel.ack();
      } else {
        // Hold back what could be the start of the mark.
        const start = received.lastIndexOf('\u001b]7777;');
        if (start !== -1 && received.length - start < end.length) {
          tail = received.slice(start);
          received = received.slice(0, start);
        }
      }
      if (received === '') return;
      options.screen(received);
      text(filter.write(received));
    });
    options.started({
      pid: child.pid,
      write: (keys) => child.write(keys),
      resize: (columns, rows) => child.resize(Math.max(2, columns), Math.max(2, rows)),
      pause: () => child.pause(),
      resume: () => child.resume(),
    });
    child.onExit(async ({ exitCode, signal: signalNumber }) => {
      stop.exited();
      // What the step left running is let go (declared `background`) or stopped.
      fence.settle(request.step.background === true, undefined);
      data.dispose();
      if (tail !== '') {
        options.screen(tail);
        text(filter.write(tail));
      }
      text(filter.end());
      collector.end('stdout');
      report.ended(STATE_GRACE_MS);
      const body = await report.text;
      stop.dispose();
      const bashSignal = signalNumber ? (signalName(signalNumber) ?? null) : null;
      // Stopped (timeout, abort): the shell traps the signal and exits 128+N; report the signal.
      const stopped = stop.stopped && exitCode > 128;
      const code = bashSignal ? null : exitCode;
      const normalExit = code !== null && !stop.stopped;
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
        ...stopFacts(stop),
        durationMs: Math.round(performance.now() - started),
        ...collector.retained(),
        state,
      });
    });
  });
}
