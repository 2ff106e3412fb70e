/**
 * Whether a process of a step's terminal session is blocked reading the terminal (Linux: its
 * kernel wait channel is the tty's read), and (`sessionIdle`) whether the whole session is idle,
 * waiting for the operator. Undefined where `/proc` cannot tell (another system): the caller then
 * goes by the output alone.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TTY_READ = new Set(['n_tty_read', 'wait_woken']);
/** read, pread64, readv (a writer blocked on a full terminal waits in the same place). */
const READ_SYSCALLS: Record<string, Set<number>> = { x64: new Set([0, 17, 19]), arm64: new Set([63, 65, 67]) };
/** Blocked, not busy: select, poll, pselect6, ppoll, epoll_wait, epoll_pwait, epoll_pwait2 wait for input. */
const WAIT_SYSCALLS: Record<string, Set<number>> = { x64: new Set([23, 7, 270, 271, 232, 281, 441]), arm64: new Set([72, 73, 22, 441]) };
/** wait4 and waitid (a shell waiting for its command), write and writev (blocked on a full pipe or terminal). */
const PARKED_SYSCALLS: Record<string, Set<number>> = { x64: new Set([61, 247, 1, 20]), arm64: new Set([260, 95, 64, 66]) };

/** True unless the process is known to be in a system call other than a read. */
function reading(pid: string): boolean {
  const reads = READ_SYSCALLS[process.arch];
  if (!reads) return true;
  try {
    const call = Number.parseInt(readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0] ?? '', 10);
    return Number.isNaN(call) || reads.has(call);
  } catch {
    return true;
  }
}

export function waitsOnTerminal(sessionId: number): boolean | undefined {
  return findInSession(sessionId, (pid) => TTY_READ.has(readFileSync(`/proc/${pid}/wchan`, 'utf8').trim()) && reading(pid));
}

/**
 * Every process of the session is blocked, and one waits for input: reading the terminal, or in
 * select, poll or epoll (vim). A process reading a pipe (less taking in its input), sleeping or
 * running means the program is still at work.
 */
export function sessionIdle(sessionId: number): boolean | undefined {
  const waits = WAIT_SYSCALLS[process.arch];
  const parked = PARKED_SYSCALLS[process.arch];
  if (!waits || !parked) return undefined;
  let waiting = false;
  const busy = findInSession(sessionId, (pid) => {
    if (TTY_READ.has(readFileSync(`/proc/${pid}/wchan`, 'utf8').trim()) && reading(pid)) return !(waiting = true);
    const call = Number.parseInt(readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0] ?? '', 10);
    if (waits.has(call)) return !(waiting = true);
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
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, pgrp, session, …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[3]) !== sessionId || fields[0] === 'Z') continue;
      if (test(pid)) return true;
    } catch {
      // Gone meanwhile.
    }
  }
  return false;
}
