/**
 * `/proc/PID/stat` read as fields (Linux): the fields after the command name, which sits in
 * parentheses and may hold spaces, so `[0]` is the state (`Z`: a zombie), `[3]` the session and
 * `[19]` the start time in clock ticks since boot. Undefined without `/proc`, or when it is gone.
 * Also a process's children, from the same place.
 */
import { readFileSync } from 'node:fs';

export function procStat(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** A process's child processes (Linux; none where /proc cannot tell). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
