/**
 * Whether a process of a step's terminal session is blocked reading the terminal (Linux: its
 * kernel wait channel is the tty's read). Undefined where `/proc` cannot tell (another system):
 * the caller then goes by the output alone.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TTY_READ = new Set(['n_tty_read', 'wait_woken']);

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
      if (TTY_READ.has(readFileSync(`/proc/${pid}/wchan`, 'utf8').trim())) return true;
    } catch {
      // Gone meanwhile.
    }
  }
  return false;
}
