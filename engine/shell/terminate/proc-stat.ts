/**
 * `/proc/PID/stat` read as fields (Linux): the fields after the command name, which sits in
 * parentheses and may hold spaces, so `[0]` is the state (`Z`: a zombie), `[3]` the session and
 * `[19]` the start time in clock ticks since boot. Undefined without `/proc`, or when it is gone.
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
