/**
 * Whether a step waits for input that no one will type. An unattended step's stdin is a FIFO
 * that Node holds open and never writes (server/server-process.ts, spawn/held-stdin.ts): a process that reads it blocks
 * for good, where `/dev/null` would have answered end-of-file (and a `read -p "Drain $node?"`
 * loop would have drained every node unasked). Linux tells which system call a blocked thread
 * is in and on which descriptor: a read on the FIFO, or a `select`/`poll` over that one
 * descriptor (vim waits so), is a wait for input. Elsewhere (no `/proc`) nothing is found and
 * the step waits until its timeout.
 */
import { fstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SYSCALLS, type SyscallNumbers } from './syscall-numbers.js';


function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** `DEV:INODE` of an open file: how a FIFO is known, whether or not it still has a name. */
export function fifoIdentity(fd: number): string {
  const stat = fstatSync(fd);
  return `${stat.dev}:${stat.ino}`;
}

/** `DEV:INODE` of what a process's descriptor is open on (undefined: gone, or not ours to see). */
function link(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * The descriptor a blocked thread waits to read, from its `/proc/…/syscall` line, and whether the
 * wait has a time limit (`read -t N` waits in a `pselect6` with a timeout; so does vim, in slices).
 */
function waitedDescriptor(line: string, calls: SyscallNumbers): { fd: number; timed: boolean } | undefined {
  const [number, first, second, third, , fifth] = line.trim().split(' ').map((field) => Number.parseInt(field, field.startsWith('0x') ? 16 : 10));
  if (number === undefined || Number.isNaN(number) || first === undefined) return undefined; // running
  if (calls.reads.has(number)) return { fd: first, timed: false };
  // select/pselect6: the timeout is the fifth argument, a pointer (none: NULL).
  if (calls.selects.has(number) && first === 1) return { fd: 0, timed: fifth !== 0 };
  // poll: the third is milliseconds (negative: none); ppoll: the third is a pointer.
  if (calls.polls.has(number) && second === 1) return { fd: 0, timed: number === calls.plainPoll ? third !== undefined && third < 2 ** 31 : third !== 0 };
  return undefined;
}

export interface StdinWaiter {
  /** `vi (pid 123)`, as the failure names it. */
  name: string;
  pid: string;
  /** Waiting with a time limit: it may go on by itself. */
  timed: boolean;
}

/**
 * The processes blocked reading the FIFO `fifo` (`DEV:INODE`: `fifoIdentity`). Only processes
 * whose stdin is that FIFO are looked at.
 */
export function findStdinWaiters(fifo: string): StdinWaiter[] {
  const calls = SYSCALLS[process.arch];
  if (!calls) return [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const found: StdinWaiter[] = [];
  for (const pid of pids) {
    if (link(`/proc/${pid}/fd/0`) !== fifo) continue;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone
    }
    for (const task of tasks) {
      const wait = waitedDescriptor(read(`/proc/${pid}/task/${task}/syscall`) ?? '', calls);
      if (wait === undefined || link(`/proc/${pid}/fd/${wait.fd}`) !== fifo) continue;
      found.push({ name: `${(read(`/proc/${pid}/comm`) ?? '?').trim()} (pid ${pid})`, pid, timed: wait.timed });
      break;
    }
  }
  return found;
}

/** How long a wait with a time limit (`read -t N`, vim) may last, seen at every look, before the step is stopped. */
export const TIMED_INPUT_GRACE_MS = 30_000;

/**
 * A watch over one step's stdin, called at each look: the process to stop the step for, if any.
 * A wait without a time limit can only end with input that will never come: at once. A wait with
 * one (`read -t 5 answer || answer=default`) may go on by itself: only once it has been seen
 * waiting at every look for `timedGraceMs`.
 */
export function watchStdin(fifo: string, timedGraceMs = TIMED_INPUT_GRACE_MS): () => string | undefined {
  let since = new Map<string, number>();
  return () => {
    const now = performance.now();
    const still = new Map<string, number>();
    for (const waiter of findStdinWaiters(fifo)) {
      if (!waiter.timed) return waiter.name;
      const first = since.get(waiter.pid) ?? now;
      if (now - first >= timedGraceMs) return waiter.name;
      still.set(waiter.pid, first);
    }
    since = still;
    return undefined;
  };
}
