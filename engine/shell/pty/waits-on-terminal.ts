/**
 * Whether a process of a step's terminal session is blocked reading the terminal (Linux: its
 * kernel wait channel is the tty's read), and (`sessionIdle`) whether the whole session is idle,
 * waiting for the operator. Undefined where `/proc` cannot tell (another system): the caller then
 * goes by the output alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { procStat } from '../terminate/proc-stat.js';
import { SYSCALLS } from '../terminate/syscall-numbers.js';

const TTY_READ = new Set(['n_tty_read', 'wait_woken']);
const calls = SYSCALLS[process.arch];
/** read, pread64, readv (a writer blocked on a full terminal waits in the same place). */
const READ_SYSCALLS = calls?.reads;
/** Blocked, not busy: select, poll and epoll wait for input. */
const WAIT_SYSCALLS = calls && new Set([...calls.selects, ...calls.polls, ...calls.epolls]);
/** A shell waiting for its command, or a writer blocked on a full pipe or terminal. */
const PARKED_SYSCALLS = calls && new Set([...calls.waits, ...calls.writes]);

/** The system call a process is blocked in (`/proc/PID/syscall`); NaN while it runs. Throws when it is gone. */
function syscallOf(pid: string): number {
  return Number.parseInt(readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0] ?? '', 10);
}

/**
 * Blocked on the tty's wait channel, in a read: true unless the process is known to be in a
 * system call other than a read (`call`: given when already read, else read here, unknown if it cannot be).
 */
function readsTerminal(pid: string, call?: number): boolean {
  if (!TTY_READ.has(readFileSync(`/proc/${pid}/wchan`, 'utf8').trim())) return false;
  if (!READ_SYSCALLS) return true;
  let number = call;
  if (number === undefined) {
    try {
      number = syscallOf(pid);
    } catch {
      return true;
    }
  }
  return Number.isNaN(number) || READ_SYSCALLS.has(number);
}

export function waitsOnTerminal(sessionId: number): boolean | undefined {
  return findInSession(sessionId, (pid) => readsTerminal(pid));
}

/**
 * Every process of the session is blocked, and one waits for input: reading the terminal, or in
 * select, poll or epoll (vim). A process reading a pipe (less taking in its input), sleeping or
 * running means the program is still at work.
 */
export function sessionIdle(sessionId: number): boolean | undefined {
  const waits = WAIT_SYSCALLS;
  const parked = PARKED_SYSCALLS;
  if (!waits || !parked) return undefined;
  let waiting = false;
  const busy = findInSession(sessionId, (pid) => {
    const call = syscallOf(pid);
    if (readsTerminal(pid, call) || waits.has(call)) return !(waiting = true);
    return !parked.has(call);
  });
  return busy === undefined ? undefined : !busy && waiting;
}

function findInSession(sessionId: number, test: (pid: string) => boolean): boolean | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    if (readFileSync(`/proc/${sessionId}/wchan`, 'utf8') === undefined) return undefined;
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      const fields = procStat(pid);
      if (!fields || Number(fields[3]) !== sessionId || fields[0] === 'Z') continue;
      if (test(pid)) return true;
    } catch {
      // Gone meanwhile.
    }
  }
  return false;
}
