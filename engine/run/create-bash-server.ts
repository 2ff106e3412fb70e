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
 * - The subshell reports its pid as it starts (`S`); its EXIT trap says it is ending (`E`, only
 *   when it writes the state: Node drains the state FIFO from then on), writes the state, then
 *   gives the exit status (`D`), which ends the step: Node does not wait for the
 *   subshell to exit and the server to reap it (about 0.2 ms a step). The server then reports
 *   the exit status it reaped (`X`) and forks the next one; after a `D` that `X` is skipped. A
 *   subshell without a `D` (SIGKILL, `exec`, a directory it could not enter) ends at its `X`.
 *   So that the trap's status is the true one, the subshell traps the catchable fatal signals
 *   and exits 128+N (bash would otherwise run the trap with the last command's status). Only one
 *   process writes to the reply pipe at a time, so replies never interleave.
 * - All these traps are set while the subshell waits for its request, off the step's path, and
 *   the EXIT trap writes with `exec` redirections (a redirected builtin saves and restores its
 *   descriptor: a dozen system calls each time).
 * - The trap writes the session state (`export -p`, `$PWD`, framed by the nonce) to a state FIFO
 *   that Node does not watch: bash writes `export -p` a line at a time, and waking Node for each
 *   of some 40 lines cost about 0.1 ms a step. Node reads it at the `D` (or, should a huge
 *   environment fill the pipe, every few milliseconds after the `E`). A command that cannot
 *   change the state (`mayChangeShellState`: no assignment, `export`, `cd`, `source`…) is asked
 *   for none, and leaves the state as it found it.
 * Differences from a fresh bash: `$$` is the server's pid (use `$BASHPID`); a signal that would
 *   end the shell while a foreground command runs takes effect when that command ends (stops
 *   signal the whole process group, so the command ends too).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createOutputCollector, type OutputLimits } from './create-output-collector.js';
import { mayChangeShellState } from '../shell/text/may-change-shell-state.js';
import { readShellState } from './read-shell-state.js';
import { FATAL_SIGNAL_TRAPS, failedToStart, killTree, signalName, watchStop } from './stop-command.js';
import type { ExecRequest, ExecResponse } from '../contracts/run-seams.js';

/**
 * FIFO pairs made at a time, by one `mkfifo` that Node starts ahead of need (about 4 ms a
 * process here, plus some 10 us a FIFO; starting it holds Node's thread 1.3-1.8 ms, a fork of
 * Node): enough for most runbooks in the first (made while bash starts), more as it goes on.
 * The next batch starts while a command runs once fewer than `FIFO_LOW_WATER` pairs are left.
 */
const FIRST_FIFO_BATCH = 64;
const MAX_FIFO_BATCH = 512;
const FIFO_LOW_WATER = 8;

const SERVER = String.raw`
set -m
__rb_dir=$1
exec {__rb_reply}>&3 3>&-
trap 'command rm -rf -- "$__rb_dir"' EXIT
# If Node dies (SIGKILL, OOM), nothing may be left behind: a watcher reads the reply socket,
# which Node never writes to, so it returns only when Node's end is gone; then it stops the
# server, whose TERM trap kills the running step's process group (even one still blocked
# opening its FIFOs).
__rb_pid=
trap '[[ -n $__rb_pid ]] && builtin kill -KILL -- -"$__rb_pid" 2>/dev/null; builtin exit 143' TERM
{ IFS= read -r -d '' __rb_x <&$__rb_reply; builtin kill -TERM $$ 2>/dev/null; } </dev/null >/dev/null 2>&1 &
__rb_child() {
  # Forked ahead of its request (the fork overlaps Node's work): it reports its own pid, then
  # takes the request, applies its environment changes and runs it; its EXIT trap says it ends.
  # Every reply of a step comes from one process, in order, never interleaved with the server's.
  # Its traps are set while it waits (off the step's path): the EXIT trap does nothing before a
  # request (none read: no __rb_k, whatever the environment held), and each exit before the go
  # drops it.
  builtin unset -v __rb_k
  trap '__rb_status=$?; [[ -n $__rb_k ]] || builtin exit $__rb_status; exec >>"$__rb_dir/o$__rb_k"; builtin printf "\0RBEND%s\0" "$__rb_nonce"; exec >>"$__rb_dir/e$__rb_k"; builtin printf "\0RBEND%s\0" "$__rb_nonce"; exec >&$__rb_reply; if [[ -n $__rb_s ]]; then builtin printf "E\0-\0"; exec >>"$__rb_dir/state"; builtin printf "\0S%s\0" "$__rb_nonce"; builtin export -p; builtin printf "\0%s\0E%s\0" "$PWD" "$__rb_nonce"; exec >&$__rb_reply; fi; builtin printf "D\0%s\0" "$__rb_status"; builtin exit $__rb_status' EXIT
  # Dying of a signal, bash would run that trap with the last command's status: exit with 128+N.
  ${FATAL_SIGNAL_TRAPS}
  builtin printf 'S\0%s\0' "$BASHPID" >&$__rb_reply
  # A go (or refusal) of a subshell that ended before it read it (its cd failed): not ours.
  while IFS= read -r -d '' __rb_kind && [[ $__rb_kind == [GN] ]]; do :; done
  # Node has gone (end of input): so does the server.
  [[ $__rb_kind == R ]] || { trap - EXIT; builtin kill -TERM $$; builtin exit 0; }
  IFS= read -r -d '' __rb_nonce; IFS= read -r -d '' __rb_k; IFS= read -r -d '' __rb_s; IFS= read -r -d '' __rb_cwd; IFS= read -r -d '' __rb_cmd
  IFS= read -r -d '' __rb_n
  while (( __rb_n > 0 )); do
    IFS= read -r -d '' __rb_op
    if [[ $__rb_op == +* ]]; then builtin export -- "${"${"}__rb_op:1}"; else builtin unset -v -- "${"${"}__rb_op:1}"; fi
    __rb_n=$(( __rb_n - 1 ))
  done
  exec {__rb_in}<&0 </dev/null >"$__rb_dir/o$__rb_k" 2>"$__rb_dir/e$__rb_k"
  builtin cd -- "$__rb_cwd" || { trap - EXIT; builtin exit 126; }
  builtin readonly __rb_dir __rb_k __rb_s __rb_nonce __rb_reply
  # The go: Node sends it once the journal is on disk (all the above overlapped the sync).
  IFS= read -r -d '' -u "$__rb_in" __rb_go
  exec {__rb_in}<&-
  [[ $__rb_go == G ]] || { trap - EXIT; builtin exit 125; }
  set --
  eval "$__rb_cmd"
}
while :; do
  ( __rb_child ) &
  __rb_pid=$!
  wait "$__rb_pid"
  builtin printf 'X\0%s\0' "$?" >&$__rb_reply
  __rb_pid=
done
`;

/** Names bash will not take as plain exported variables (or that change the shell itself). */
const SPECIAL = new Set(
  'BASHOPTS SHELLOPTS BASH_VERSINFO EUID UID PPID BASHPID BASH_ARGV0 BASH_ARGC BASH_ARGV RANDOM SRANDOM SECONDS EPOCHSECONDS EPOCHREALTIME LINENO HISTCMD FUNCNAME GROUPS DIRSTACK BASH_COMMAND BASH_SUBSHELL BASH_LINENO BASH_SOURCE BASH_REMATCH BASH_ALIASES BASH_CMDS COMP_WORDBREAKS IFS POSIXLY_CORRECT BASH_ENV ENV BASH_XTRACEFD BASH_COMPAT OPTIND OPTARG OPTERR PIPESTATUS'.split(' '),
);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
}

type Reply = { kind: 'S'; pid: number } | { kind: 'E' } | { kind: 'D'; status: number } | { kind: 'X'; status: number };

/**
 * How long a command's output may wait in its FIFOs before it is streamed: a command that ends
 * sooner has them read once, at its end. Up to a pipe's worth (64 KiB) waits that long.
 */
const LIVE_AFTER_MS = 5;

/** How often the state FIFO is drained between the trap's end and the exit status (a huge state fills it). */
const STATE_DRAIN_MS = 10;

interface Server {
  child: ChildProcess;
  dir: string;
  /** The environment the server holds (what each subshell inherits before its changes). */
  env: Record<string, string>;
  /** The subshell forked ahead (its `S` reply), until it exits. */
  childPid: number | undefined;
  fifosMade: number;
  nextFifo: number;
  /** The batch of FIFOs being made (resolves false if `mkfifo` failed). */
  fifosComing: Promise<boolean> | undefined;
  /** The state FIFO (read-write, non-blocking: never end-of-file), and what was read from it. */
  stateFd: number | undefined;
  stateChunks: Buffer[];
  onReply: ((reply: Reply) => void) | undefined;
  /** The next command's FIFOs, opened while the current one ran (Node is idle then). */
  prepared: { index: number; readers: FifoReader[] } | undefined;
  /** Readers of ended commands (done), closed and their FIFOs removed at the next turn of the event loop. */
  spent: FifoReader[];
  /** Steps that ended at their subshell's `D`: the server's `X` for each is still to come, and is not news. */
  staleExits: number;
  dead: boolean;
  /** Started by `prepare`, before the run's environment was known; no command yet. */
  ahead: boolean;
}

export function createBashServer(options: BashServerOptions): BashServer {
  let server: Server | undefined;
  let nonces = 0;
  /** One command at a time: requests wait for the one before. */
  let queue: Promise<unknown> = Promise.resolve();

  function start(env: Record<string, string>, cwd: string): Server {
    const dir = makeFifoDirectory();
    const child = spawn(options.shell, ['--noprofile', '--norc', '-c', SERVER, 'runbook-shell', dir], {
      env,
      cwd,
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore', 'pipe'],
    });
    const created: Server = { child, dir, env: { ...env }, childPid: undefined, fifosMade: 0, nextFifo: 0, fifosComing: undefined, stateFd: undefined, stateChunks: [], onReply: undefined, prepared: undefined, spent: [], staleExits: 0, dead: false, ahead: false };
    const replies = child.stdio[3] as Readable;
    let pending = '';
    let fields: string[] = [];
    replies.setEncoding('latin1');
    replies.on('data', (chunk: string) => {
      pending += chunk;
      let zero = pending.indexOf('\0');
      while (zero !== -1) {
        fields.push(pending.slice(0, zero));
        pending = pending.slice(zero + 1);
        zero = pending.indexOf('\0');
        const reply = parseReply(fields);
        if (reply) {
          fields = [];
          if (reply.kind === 'S') created.childPid = reply.pid;
          else if (reply.kind === 'X') created.childPid = undefined;
          if (reply.kind === 'X' && created.staleExits > 0) created.staleExits -= 1;
          else created.onReply?.(reply);
        }
      }
    });
    const die = (): void => {
      if (created.dead) return;
      created.dead = true;
      created.onReply?.({ kind: 'X', status: -1 });
      closeState(created);
      dropPrepared(created);
      closeSpent(created);
      removeDirectory(created);
    };
    child.on('exit', die);
    child.on('error', die);
    child.stdin?.on('error', () => {});
    // The first FIFOs are made while bash starts.
    makeFifos(created);
    return created;
  }

  /** An idle server does not keep Node alive; a busy one does. */
  function hold(target: Server, busy: boolean): void {
    const handles = [target.child, target.child.stdin as unknown as { ref(): void; unref(): void } | null, target.child.stdio[3] as unknown as { ref(): void; unref(): void } | null];
    for (const handle of handles) {
      if (busy) handle?.ref();
      else handle?.unref();
    }
  }

  function send(target: Server, fields: string[]): void {
    target.child.stdin?.write(fields.map((field) => `${field}\0`).join(''));
  }

  async function fifoPair(target: Server): Promise<number | undefined> {
    while (target.nextFifo >= target.fifosMade) {
      makeFifos(target);
      if (!(await target.fifosComing)) return undefined;
    }
    return target.nextFifo++;
  }

  async function run(request: ExecRequest): Promise<ExecResponse> {
    const started = performance.now();
    const previous = { env: request.env, cwd: request.cwd };
    if (!existsSync(request.cwd)) return failedToStart(new Error(`no directory ${request.cwd}`), previous, started);
    if (server?.ahead && !server.dead && envChanges(server.env, request.env).length > 0) {
      // Started ahead in the operator's environment, and the run's differs (its inputs): every
      // command would carry the difference over; a server started in the run's does not.
      stopServer(server);
      server = undefined;
    }
    if (!server || server.dead) {
      try {
        server = start(request.env, request.cwd);
      } catch (error) {
        return failedToStart(error, previous, started);
      }
    }
    const target = server;
    target.ahead = false;
    hold(target, true);
    try {
      return await runOn(target, request, started, previous);
    } finally {
      if (!target.dead) hold(target, false);
    }
  }

  async function runOn(target: Server, request: ExecRequest, started: number, previous: ExecResponse['state']): Promise<ExecResponse> {
    const index = await fifoPair(target);
    if (index === undefined || target.dead) return failedToStart(new Error('the shell server stopped'), previous, started);

    const ops = envChanges(target.env, request.env);

    // Not a secret, only unlikely to be printed by accident (and `crypto` costs startup time).
    const nonce = `${(nonces += 1).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    // A command that cannot change the session state leaves it as it found it, unread.
    const dumpState = mayChangeShellState(request.command);
    const mark = Buffer.from(`\0RBEND${nonce}\0`, 'latin1');
    const collector = createOutputCollector(request, options);
    const streams = takePrepared(target, index) ?? openPair(target, index);
    streams[0]!.start(mark, collector, 'stdout');
    streams[1]!.start(mark, collector, 'stderr');

    // This command's subshell: the one forked ahead, known once it said so. Bound here, not read
    // from the server at kill time, so a SIGKILL after the grace period cannot hit the next one.
    let pid = target.childPid;
    let deferredKill: NodeJS.Signals | undefined;
    // Stopped before its go, the subshell is refused instead (`N` for a go): it may still be
    // reading the request, and a signal then would leave the rest of it for the next subshell.
    let phase: 'unsent' | 'sent' | 'gone' = 'unsent';
    let refused = false;
    let readyFailed: { error: unknown } | undefined;
    const refuse = (): void => {
      if (refused) return;
      refused = true;
      if (phase === 'sent') send(target, ['N']);
    };
    const stop = watchStop(
      request,
      (signal) => {
        if (phase !== 'gone') refuse();
        else if (pid === undefined) deferredKill = signal;
        else killTree(pid, signal);
      },
      options.killGraceMs,
    );
    let drain: NodeJS.Timeout | undefined;
    const exited = new Promise<{ status: number; state: ReturnType<typeof takeState> | 'unchanged' }>((resolve) => {
      target.onReply = (reply) => {
        if (reply.kind === 'S') {
          pid = reply.pid;
          if (deferredKill) killTree(pid, deferredKill);
        } else if (reply.kind === 'E') {
          if (dumpState) drain = setInterval(() => readState(target), STATE_DRAIN_MS);
        } else if (reply.kind === 'D') {
          // The trap's last word, after the state: the step ends here, without waiting for the
          // subshell to exit and the server to reap it (its `X` follows, and is skipped).
          const state = dumpState ? (readState(target), takeState(target, nonce)) : 'unchanged';
          if (!state) return;
          target.onReply = undefined;
          target.staleExits += 1;
          resolve({ status: reply.status, state });
        } else if (reply.kind === 'X') {
          // No `D`: killed (SIGKILL), `exec`ed, the server gone, or a directory it could not enter.
          target.onReply = undefined;
          readState(target);
          resolve({ status: reply.status, state: takeState(target, nonce) });
        }
      };
    });
    send(target, ['R', nonce, String(index), dumpState ? 's' : '', request.cwd, request.command, String(ops.length), ...ops]);
    phase = 'sent';
    if (refused) send(target, ['N']);
    else if (request.ready) {
      // The subshell prepares (reads the request, opens its FIFOs, changes directory) while the
      // journal syncs; the command waits for the go. Not on disk (a full disk), the command
      // must not run: refused, and the error thrown once its subshell has exited (it may still
      // be opening its FIFOs, which must have their reader until then).
      try {
        request.ready();
      } catch (error) {
        readyFailed = { error };
        refuse();
      }
    }
    if (!refused) {
      send(target, ['G']);
      phase = 'gone';
    }
    // While the command runs, open the next command's FIFOs; still running a moment later, its
    // output is streamed as it comes.
    setImmediate(() => prepareNext(target));
    const live = setTimeout(() => {
      for (const stream of streams) stream.live();
    }, LIVE_AFTER_MS);
    const { status, state } = await exited;
    clearTimeout(live);
    clearInterval(drain);
    stop.exited();
    // The end marks were written before the state: with the state, wait for them; without (killed,
    // `exec`), take what is there within a moment; refused, nothing ran.
    await Promise.all(streams.map((stream) => stream.ended(refused ? 0 : state ? 2000 : 100)));
    stop.dispose();
    // Closed and removed at the next turn of the event loop, by then (for a step followed by
    // another) after the next request went out: they are done, and off the step's path.
    target.spent.push(...streams);
    setImmediate(() => closeSpent(target));
    if (readyFailed) throw readyFailed.error;

    // Killed: the server died, we stopped it (bash runs the EXIT trap on SIGTERM, then dies of it),
    // or it ended with 128+N without its EXIT trap.
    const killed = refused || status === -1 || (status > 128 && (!state || stop.timedOut || stop.isCanceled));
    const signal = refused ? null : status === -1 ? 'SIGKILL' : killed ? (signalName(status - 128) ?? null) : null;
    return {
      exitCode: killed ? null : status,
      signal,
      timedOut: stop.timedOut,
      isCanceled: stop.isCanceled,
      durationMs: Math.round(performance.now() - started),
      ...collector.retained(),
      state: !state || stop.timedOut || stop.isCanceled ? previous : state === 'unchanged' ? unchangedState(request) : readShellState(state.exported, state.cwd, request.env),
    };
  }

  return {
    prepare(env, cwd) {
      if (server && !server.dead) return;
      try {
        server = start(env, cwd);
        server.ahead = true;
        hold(server, false);
      } catch {
        server = undefined;
      }
    },
    exec(request) {
      if (request.interactive) return undefined;
      // The protocol separates fields with NUL: text holding one goes the ordinary way (and fails there).
      if (request.command.includes('\0') || request.cwd.includes('\0')) return undefined;
      for (const name in request.env) if (name.includes('\0') || request.env[name]!.includes('\0')) return undefined;
      // Names a running bash cannot take as they are: a fresh bash gets them from its environment.
      const base = server && !server.dead ? server.env : undefined;
      if (base) {
        for (const name in request.env) {
          if (base[name] !== request.env[name] && (!IDENTIFIER.test(name) || SPECIAL.has(name) || name.startsWith('BASH_FUNC_'))) return undefined;
        }
        for (const name in base) if (!Object.hasOwn(request.env, name) && (!IDENTIFIER.test(name) || SPECIAL.has(name))) return undefined;
      }
      const result = queue.then(() => run(request));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      const target = server;
      server = undefined;
      if (target) stopServer(target);
    },
  };
}

/** Stops a server and what it holds (its subshell, FIFOs, directory). */
function stopServer(target: Server): void {
  if (target.dead) return;
  target.child.stdin?.end();
  closeState(target);
  dropPrepared(target);
  closeSpent(target);
  killTree(target.child.pid, 'SIGTERM', false);
  removeDirectory(target);
}

/** The changes that make `from` (what a server holds) into `to`: `-NAME` unsets, `+NAME=value` exports. */
function envChanges(from: Record<string, string>, to: Record<string, string>): string[] {
  const ops: string[] = [];
  for (const name in from) if (!Object.hasOwn(to, name)) ops.push(`-${name}`);
  for (const name in to) if (from[name] !== to[name]) ops.push(`+${name}=${to[name]}`);
  return ops;
}

function parseReply(fields: string[]): Reply | undefined {
  const [kind] = fields;
  if (!(kind === 'S' || kind === 'X' || kind === 'E' || kind === 'D')) {
    fields.length = 0; // resynchronise
    return undefined;
  }
  if (fields.length !== 2) return undefined;
  const value = Number(fields[1]);
  return kind === 'E' ? { kind } : kind === 'S' ? { kind, pid: value } : { kind, status: value };
}

/** The state after a command that could not change it: as it was, `PWD` as bash keeps it. */
function unchangedState(request: ExecRequest): ExecResponse['state'] {
  return { env: 'PWD' in request.env ? { ...request.env, PWD: request.cwd } : request.env, cwd: request.cwd };
}

/** Read into, then copied out: a state is a few kilobytes, read at every step. */
const stateBuffer = Buffer.allocUnsafe(65536);

/** Takes what the state FIFO holds now (it never blocks). */
function readState(target: Server): void {
  if (target.stateFd === undefined) return;
  for (;;) {
    let count: number;
    try {
      count = readSync(target.stateFd, stateBuffer, 0, stateBuffer.length, null);
    } catch {
      return; // EAGAIN: empty
    }
    if (count <= 0) return;
    target.stateChunks.push(Buffer.from(stateBuffer.subarray(0, count)));
    // Less than asked for: the pipe is empty now (asking again would only throw EAGAIN, and an
    // exception costs more than the read).
    if (count < stateBuffer.length) return;
  }
}

/** The state this command's trap wrote: `\0S<nonce>\0` `export -p` `\0<cwd>\0E<nonce>\0`. */
function takeState(target: Server, nonce: string): { exported: string; cwd: string } | undefined {
  const text = Buffer.concat(target.stateChunks).toString('utf8');
  target.stateChunks = [];
  const start = text.lastIndexOf(`\0S${nonce}\0`);
  const end = text.lastIndexOf(`\0E${nonce}\0`);
  if (start === -1 || end < start) return undefined;
  const body = text.slice(start + nonce.length + 3, end);
  const separator = body.lastIndexOf('\0');
  if (separator === -1) return undefined;
  return { exported: body.slice(0, separator), cwd: body.slice(separator + 1) };
}

function openPair(target: Server, index: number): FifoReader[] {
  const stdout = openFifo(path.join(target.dir, `o${index}`));
  try {
    return [stdout, openFifo(path.join(target.dir, `e${index}`))];
  } catch (error) {
    stdout.close();
    throw error;
  }
}

/**
 * Starts making the next batch of FIFOs, unless one is coming: one `mkfifo` that Node starts
 * (in the private 0700 directory, so their own mode does not matter), not the subshell, so that
 * it runs beside the commands instead of before one.
 */
function makeFifos(target: Server): void {
  if (target.fifosComing || target.dead) return;
  const from = target.fifosMade;
  const to = from + Math.min(MAX_FIFO_BATCH, Math.max(FIRST_FIFO_BATCH, from));
  const names: string[] = [];
  for (let index = from; index < to; index++) names.push(`o${index}`, `e${index}`);
  if (from === 0) names.push('state');
  target.fifosComing = new Promise<boolean>((resolve) => {
    const maker = spawn('mkfifo', ['--', ...names], { cwd: target.dir, env: target.env, stdio: 'ignore' });
    maker.on('error', () => resolve(false));
    maker.on('exit', (code) => resolve(code === 0));
  }).then((made) => {
    target.fifosComing = undefined;
    if (!made || target.dead) return false;
    if (from === 0) {
      try {
        target.stateFd = openSync(path.join(target.dir, 'state'), constants.O_RDWR | constants.O_NONBLOCK);
      } catch {
        return false;
      }
    }
    target.fifosMade = to;
    return true;
  });
}

/** Removes the FIFO directory, again once a batch being made is done (it could add to it). */
function removeDirectory(target: Server): void {
  const remove = (): void => {
    try {
      rmSync(target.dir, { recursive: true, force: true });
    } catch {
      // ENOTEMPTY: `mkfifo` still adding; removed when it is done
    }
  };
  remove();
  void target.fifosComing?.then(remove);
}

/** Opens the FIFOs the next command will get, if they are made and not open yet. */
function prepareNext(target: Server): void {
  if (target.fifosMade - target.nextFifo < FIFO_LOW_WATER) makeFifos(target);
  if (target.dead || target.prepared || target.nextFifo >= target.fifosMade) return;
  try {
    target.prepared = { index: target.nextFifo, readers: openPair(target, target.nextFifo) };
  } catch {
    // opened (or reported) when the command comes
  }
}

function takePrepared(target: Server, index: number): FifoReader[] | undefined {
  const prepared = target.prepared;
  target.prepared = undefined;
  if (prepared?.index === index) return prepared.readers;
  if (prepared) for (const reader of prepared.readers) reader.close();
  return undefined;
}

function closeSpent(target: Server): void {
  for (const reader of target.spent.splice(0)) {
    reader.close();
    try {
      unlinkSync(reader.file);
    } catch {
      // gone with its directory
    }
  }
}

function dropPrepared(target: Server): void {
  for (const reader of target.prepared?.readers ?? []) reader.close();
  target.prepared = undefined;
}

function closeState(target: Server): void {
  if (target.stateFd === undefined) return;
  try {
    closeSync(target.stateFd);
  } catch {
    // already closed
  }
  target.stateFd = undefined;
}

/**
 * Where the FIFOs go: a memory file system when there is one (`$XDG_RUNTIME_DIR`, made for such
 * files, else `/dev/shm`). On a disk file system each FIFO made and removed is a journaled
 * metadata change: on ext4 that was 0.5 ms a FIFO, more than the rest of a trivial step.
 */
function makeFifoDirectory(): string {
  for (const candidate of [process.env.XDG_RUNTIME_DIR, '/dev/shm']) {
    if (!candidate || !path.isAbsolute(candidate)) continue;
    try {
      return mkdtempSync(path.join(candidate, 'runbook-shell-'));
    } catch {
      // not there, not ours to write, or full: the next place
    }
  }
  return mkdtempSync(path.join(tmpdir(), 'runbook-shell-'));
}

interface FifoReader {
  /** Its path. */
  readonly file: string;
  /** Reading for one command: its end mark, where its output goes. */
  start(mark: Buffer, collector: ReturnType<typeof createOutputCollector>, name: 'stdout' | 'stderr'): void;
  /** Streams what comes from now on, as it comes (a command that did not end at once). */
  live(): void;
  /** Takes what the FIFO holds, then resolves when the end mark came (or after `ms`). */
  ended(ms: number): Promise<void>;
  /** Closes it (the FIFO itself is removed by the caller). */
  close(): void;
}

/** One read of a FIFO that is not streamed yet: copied out, as the collector keeps what it gets. */
const fifoBuffer = Buffer.allocUnsafe(65536);

/**
 * Reads one FIFO until the end mark. Opened read-write so that it never reports end-of-file
 * (a writer may come and go); the mark, possibly split across reads, is never passed on.
 * It may be opened before its command is known (`start`): nothing writes to it before.
 * Most commands end within a millisecond or two: their FIFOs are read once, at the end, without
 * a stream (a socket made, watched and destroyed cost some 0.1 ms a step); `live()` makes one for
 * a command still running after a few milliseconds, whose output is then shown as it comes.
 */
function openFifo(file: string): FifoReader {
  const fd = openSync(file, constants.O_RDWR | constants.O_NONBLOCK);
  let socket: Socket | undefined;
  let mark: Buffer = Buffer.alloc(0);
  let collector: ReturnType<typeof createOutputCollector> | undefined;
  let name: 'stdout' | 'stderr' = 'stdout';
  let carry: Buffer | undefined;
  let done = false;
  let onDone: (() => void) | undefined;
  const finish = (): void => {
    if (done) return;
    done = true;
    collector?.end(name);
    socket?.pause();
    onDone?.();
  };
  const take = (chunk: Buffer): void => {
    if (done || !collector) return;
    const data = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    const at = data.indexOf(mark);
    if (at !== -1) {
      collector.push(name, data.subarray(0, at));
      finish();
      return;
    }
    // Hold back a tail that could be the start of the mark.
    let keep = 0;
    for (let length = Math.min(mark.length - 1, data.length); length > 0; length -= 1) {
      if (data[data.length - length] === 0 && data.subarray(data.length - length).equals(mark.subarray(0, length))) {
        keep = length;
        break;
      }
    }
    collector.push(name, keep > 0 ? data.subarray(0, data.length - keep) : data);
    if (keep > 0) carry = Buffer.from(data.subarray(data.length - keep));
  };
  /** Takes what the FIFO holds now (it never blocks), unless a stream does. */
  const drain = (): void => {
    while (!socket && !done) {
      let count: number;
      try {
        count = readSync(fd, fifoBuffer, 0, fifoBuffer.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') finish();
        return;
      }
      if (count <= 0) return;
      take(Buffer.from(fifoBuffer.subarray(0, count)));
      if (count < fifoBuffer.length) return;
    }
  };
  return {
    file,
    start(newMark, newCollector, newName) {
      mark = newMark;
      collector = newCollector;
      name = newName;
    },
    live() {
      if (socket || done) return;
      drain();
      if (done) return;
      socket = new Socket({ fd, readable: true, writable: false });
      socket.on('data', take);
      socket.on('error', finish);
    },
    ended(ms) {
      drain();
      if (done) return Promise.resolve();
      this.live();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          if (carry) collector?.push(name, carry);
          carry = undefined;
          finish();
        }, ms);
        onDone = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    close() {
      if (socket) {
        socket.destroy();
        return;
      }
      try {
        closeSync(fd);
      } catch {
        // closed already
      }
    },
  };
}
