/**
 * One running shell server: the bash process, its reply stream, its FIFOs and its state FIFO.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { createFifoPool, type FifoPool } from './fifo-pool.js';
import { serverArguments } from './server-program.js';
import { createReplyReader, encodeFields, type Reply } from './server-protocol.js';
import { createStateFifo, type StateFifo } from './state-fifo.js';
import { childrenOf, procStat } from '../terminate/proc-stat.js';
import { killTree } from '../terminate/stop-command.js';
import { fifoIdentity } from '../terminate/waits-on-stdin.js';
import { holdFifo } from '../spawn/held-stdin.js';

export interface Server {
  child: ChildProcess;
  /** The environment the server holds (what each subshell inherits before its changes). */
  env: Record<string, string>;
  fifos: FifoPool;
  state: StateFifo;
  /** Where the replies go: the running command's handler. */
  onReply: ((reply: Reply) => void) | undefined;
  /** Steps that ended at their subshell's `D`: the server's `X` for each is still to come, and is not news. */
  staleExits: number;
  dead: boolean;
  /** Started by `prepare`, before the run's environment was known; no command yet. */
  ahead: boolean;
  /** The steps' stdin FIFO (`ServerStart.stdin`: `held`): its `DEV:INODE` once it is held (terminate/waits-on-stdin.ts); undefined for `/dev/null`. */
  stdinIdentity: string | undefined;
}

export interface ServerStart {
  shell: string;
  /** `mkfifo`, by its absolute path. */
  mkfifo: string;
  /** The run's cgroup ('' for none), which the server empties should Node die. */
  cgroup: string;
  /**
   * `held`: each step's stdin is a FIFO that Node holds open and never writes, so that a step
   * that reads it waits (and is stopped as waiting for input: terminate/waits-on-stdin.ts)
   * instead of reading end-of-file; `null`: `/dev/null`.
   */
  stdin: 'held' | 'null';
}

/** Starts a server in `env` and `cwd` (throws if it cannot even be spawned). */
export function startServer(start: ServerStart, env: Record<string, string>, cwd: string): Server {
  const state = createStateFifo();
  let held: number | undefined;
  // `made` runs once the first batch's `mkfifo` has exited, after `created` below exists.
  const first = {
    names: start.stdin === 'held' ? ['state', 'stdin'] : ['state'],
    made: (dir: string): boolean => {
      if (!state.open(path.join(dir, 'state'))) return false;
      if (start.stdin !== 'held') return true;
      held = holdFifo(path.join(dir, 'stdin'));
      if (held === undefined) return false;
      created.stdinIdentity = fifoIdentity(held);
      return true;
    },
  };
  const fifos = createFifoPool({ mkfifo: start.mkfifo, env, first });
  const stdin = start.stdin === 'held' ? path.join(fifos.dir, 'stdin') : '/dev/null';
  let child: ChildProcess;
  try {
    child = spawn(start.shell, serverArguments(fifos.dir, start.cgroup, stdin), { env, cwd, detached: true, stdio: ['pipe', 'ignore', 'ignore', 'pipe'] });
  } catch (error) {
    fifos.close();
    throw error;
  }
  const created: Server = { child, env: { ...env }, fifos, state, onReply: undefined, staleExits: 0, dead: false, ahead: false, stdinIdentity: undefined };
  const replies = child.stdio[3] as Readable;
  replies.setEncoding('latin1');
  replies.on(
    'data',
    createReplyReader((reply) => {
      if (reply.kind === 'X' && created.staleExits > 0) created.staleExits -= 1;
      else created.onReply?.(reply);
    }),
  );
  const die = (): void => {
    if (created.dead) return;
    created.dead = true;
    created.onReply?.({ kind: 'X', status: -1 });
    state.close();
    fifos.close();
    if (held !== undefined) closeSync(held);
    held = undefined;
  };
  child.on('exit', die);
  child.on('error', die);
  child.stdin?.on('error', () => {});
  // The first FIFOs are made while bash starts.
  fifos.make();
  return created;
}

/** An idle server does not keep Node alive; a busy one does. */
export function holdServer(target: Server, busy: boolean): void {
  const handles = [target.child, target.child.stdin as unknown as { ref(): void; unref(): void } | null, target.child.stdio[3] as unknown as { ref(): void; unref(): void } | null];
  for (const handle of handles) {
    if (busy) handle?.ref();
    else handle?.unref();
  }
}

export function sendToServer(target: Server, fields: string[]): void {
  target.child.stdin?.write(encodeFields(fields));
}

/** How long a stopped server may take to exit before it is killed, and its watcher to follow. */
const STOP_GRACE_MS = 2000;
const GONE_POLL_MS = 5;

/**
 * Stops a server and what it holds (its subshell, FIFOs, directory), and resolves once its
 * processes are gone: the server (its TERM trap kills the running step's group), then its
 * children (the watcher of Node's end, which sees that end closed), so that a CLI leaves none.
 * Its input ends only once it has exited: a subshell that read the end of it would take Node for
 * gone and hang the server up, whose orphan path empties the run's cgroup, where the steps of
 * another server of the run may be running (the server started ahead and given up).
 */
export async function stopServer(target: Server): Promise<void> {
  const pid = target.child.pid;
  const children = pid === undefined ? [] : childrenOf(pid);
  if (!target.dead) {
    const exited = new Promise<void>((resolve) => target.child.once('exit', () => resolve()));
    target.state.close();
    target.fifos.close();
    killTree(pid, 'SIGTERM', false);
    const grace = setTimeout(() => killTree(pid, 'SIGKILL', false), STOP_GRACE_MS);
    await exited;
    clearTimeout(grace);
  }
  target.child.stdin?.destroy();
  (target.child.stdio[3] as Readable | null)?.destroy();
  for (const deadline = Date.now() + STOP_GRACE_MS; children.some(running) && Date.now() < deadline; ) await sleep(GONE_POLL_MS);
}

/** Not gone, and not a zombie waiting for its new parent to reap it. */
function running(pid: number): boolean {
  const state = procStat(pid)?.[0];
  return state !== undefined && state !== 'Z';
}
