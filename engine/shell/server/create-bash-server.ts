/**
 * A long-lived bash that forks one subshell per command, so a step costs a fork instead of
 * Node spawning a new bash (which is most of the time of a trivial step).
 *
 * - The server keeps one subshell forked ahead, `( … ) &` with job control on: a process group
 *   of its own, killed as a whole on timeout or abort. The fork (about half a millisecond here)
 *   thus overlaps Node's work between steps instead of following it.
 * - Requests go to stdin as NUL-terminated fields, read by that subshell: it applies the
 *   environment changes to itself (so the command gets exactly the requested environment),
 *   prepares, then runs the command once a last field, the go, arrives. Node sends the go after
 *   `request.ready()` (the journal's fsync), so the preparation overlaps the sync. The server's own
 *   environment never changes.
 * - Each command writes stdout and stderr to a fresh pair of FIFOs (a private 0700 directory,
 *   in memory where possible; FIFOs hold no data on disk; made in batches by a `mkfifo` Node
 *   starts ahead of need, beside the commands) which Node opens before sending the
 *   request. An end mark with a per-command nonce, written by the EXIT trap to the FIFO itself
 *   (wherever the command sent its own stdout), closes each stream, so background children that
 *   keep them open cannot delay the step or leak into the next one.
 * - The subshell reports its pid once it has read its request and joined its cgroup (`S`: a
 *   stop waits for it, see `bash-server.sh`); its EXIT trap says it is ending (`E`, only
 *   when it writes the state: Node drains the state FIFO from then on), writes the state, then
 *   gives the exit status (`D`), which ends the step: Node does not wait for the
 *   subshell to exit and the server to reap it (about 0.2 ms a step). The server then reports
 *   the exit status it reaped (`X`) and forks the next one; after a `D` that `X` is skipped. A
 *   subshell without a `D` (SIGKILL, `exec`, a directory it could not enter) ends at its `X`.
 *   So that the trap's status is the true one, the subshell traps the catchable fatal signals
 *   and exits 128+N (bash would otherwise run the trap with the last command's status). Only one
 *   process writes to the reply pipe at a time, so replies never interleave.
 * - The trap writes the session state (`export -p`, `$PWD`, framed by the nonce) to a state FIFO
 *   that Node does not watch: bash writes `export -p` a line at a time, and waking Node for each
 *   of some 40 lines cost about 0.1 ms a step. Node reads it at the `D` (or, should a huge
 *   environment fill the pipe, every few milliseconds after the `E`). A command that cannot
 *   change the state (`mayChangeShellState`: no assignment, `export`, `cd`, `source`…) is asked
 *   for none, and leaves the state as it found it.
 * Differences from a fresh bash: `$$` is the server's pid (use `$BASHPID`); a signal that would
 *   end the shell while a foreground command runs takes effect when that command ends (stops
 *   signal the whole process group, so the command ends too).
 *
 * The parts: `bash-server.sh` (the program), `server-program.ts` (how it is started),
 * `server-protocol.ts` (requests and replies), `server-process.ts` (one running server),
 * `fifo-pool.ts` and `fifo-reader.ts` (output), `state-fifo.ts` (the session state read-back),
 * `run-on-server.ts` (one command).
 */
import { existsSync } from 'node:fs';
import type { OutputLimits } from '../io/create-output-collector.js';
import type { ProcessFences } from '../terminate/process-fences.js';
import { failedToStart } from '../terminate/stop-command.js';
import { runOnServer } from './run-on-server.js';
import { holdServer, startServer, stopServer, type Server } from './server-process.js';
import { envChanges, serverCanTake } from './server-protocol.js';
import { PER_COMMAND_VARIABLES, type ExecRequest, type ExecResponse } from '../../contracts/run-seams.js';

export interface BashServer {
  /** Runs a command, or returns undefined when this request needs a fresh bash instead. */
  exec(request: ExecRequest): Promise<ExecResponse> | undefined;
  /**
   * Starts bash now, in `env` and `cwd`, while the caller does other work (it runs nothing until
   * a command comes; commands' environments are applied as changes to this one). Idle, it does
   * not keep Node alive. A failure to start is left for the first command to report.
   */
  prepare(env: Record<string, string>, cwd: string): void;
  close(): Promise<void>;
}

export interface BashServerOptions extends OutputLimits {
  shell: string;
  killGraceMs: number;
  /** `mkfifo` by its absolute path (spawn/find-program.ts). */
  mkfifo: string;
  fences: ProcessFences;
  /** What steps read: a FIFO no one writes (`held`: a step that reads it is stopped as waiting for input) or `/dev/null`. */
  stdin: 'held' | 'null';
  /** How long a step may wait for input with a time limit (`read -t`) before it is stopped. */
  timedInputGraceMs?: number | undefined;
}

export function createBashServer(options: BashServerOptions): BashServer {
  let server: Server | undefined;
  const start = { shell: options.shell, mkfifo: options.mkfifo, cgroup: options.fences.root, stdin: options.stdin };
  /** One command at a time: requests wait for the one before. */
  let queue: Promise<unknown> = Promise.resolve();

  async function run(request: ExecRequest): Promise<ExecResponse> {
    const started = performance.now();
    const previous = { env: request.env, cwd: request.cwd };
    if (!existsSync(request.cwd)) return failedToStart(new Error(`no directory ${request.cwd}`), previous, started);
    if (server?.ahead && !server.dead && envDiffers(server.env, request.env)) {
      // Started ahead in the operator's environment, and the run's differs (its inputs): every
      // command would carry the difference over; a server started in the run's does not. The
      // run and step ids differ for every command, whatever the server: they are carried.
      void stopServer(server);
      server = undefined;
    }
    if (!server || server.dead) {
      try {
        server = startServer(start, request.env, request.cwd);
      } catch (error) {
        return failedToStart(error, previous, started);
      }
    }
    const target = server;
    target.ahead = false;
    holdServer(target, true);
    try {
      return await runOnServer(target, request, started, options);
    } finally {
      if (!target.dead) holdServer(target, false);
    }
  }

  return {
    prepare(env, cwd) {
      if (server && !server.dead) return;
      try {
        server = startServer(start, env, cwd);
        server.ahead = true;
        holdServer(server, false);
      } catch {
        server = undefined;
      }
    },
    exec(request) {
      if (!serverCanTake(request, server && !server.dead ? server.env : undefined)) return undefined;
      const result = queue.then(() => run(request));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      const target = server;
      server = undefined;
      if (target) await stopServer(target);
    },
  };
}

/** Whether `to` differs from `from` by more than the variables set for each command. */
function envDiffers(from: Record<string, string>, to: Record<string, string>): boolean {
  return envChanges(withoutPerCommand(from), withoutPerCommand(to)).length > 0;
}

function withoutPerCommand(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !PER_COMMAND_VARIABLES.has(name)));
}
