/**
 * Whether a process of a step's terminal session is blocked reading the terminal (Linux: its
 * kernel wait channel is the tty's read). Undefined where `/proc` cannot tell (another system):
 * the caller then goes by the output alone.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TTY_READ = new Set(['n_tty_read', 'wait_woken']);
/** read, pread64, readv (a writer blocked on a full terminal waits in the same place). */
const READ_SYSCALLS: Record<string, Set<number>> = { x64: new Set([0, 17, 19]), arm64: new Set([63, 65, 67]) };

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
      if (Number(fields[3]) !== sessionId) continue;
      if (TTY_READ.has(readFileSync(`/proc/${pid}/wchan`, 'utf8').trim()) && reading(pid)) return true;
    } catch {
      // Gone meanwhile.
    }
  }
  return false;
}
