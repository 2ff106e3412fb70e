import { hostname, userInfo } from 'node:os';
import { procStat } from '../shell/terminate/proc-stat.js';

/** Who runs a run: written in its lock, named when a second runner is refused. */
export interface RunHolder {
  /** The run id the holder journals to (a resume writes a new run of the same incident). */
  runId: string;
  user: string;
  host: string;
  pid: number;
  /** The process's start time (clock ticks since boot, `/proc/PID/stat`): a reused pid is not the holder. */
  pidStart?: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** This process as a holder of `runId`. */
export function thisHolder(runId: string): RunHolder {
  const holder: RunHolder = { runId, user: userName(), host: hostname(), pid: process.pid, since: new Date().toISOString() };
  const start = processStart(process.pid);
  if (start) holder.pidStart = start;
  return holder;
}

/** `root@host (pid 123) since 2026-12-04T01:02:03Z`. */
export function describeHolder(holder: RunHolder): string {
  return `${holder.user}@${holder.host} (pid ${holder.pid}) since ${holder.since.replace(/\.\d+Z$/, 'Z')}`;
}

/**
 * Whether a holder on this host is gone: its pid is not alive, or the pid now belongs to a
 * process started at another time. A holder on another host is never judged here (undefined).
 */
export function holderGone(holder: RunHolder): boolean | undefined {
  if (holder.host !== hostname()) return undefined;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  const start = processStart(holder.pid);
  return Boolean(holder.pidStart && start && start !== holder.pidStart);
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? String(process.getuid?.() ?? '?');
  }
}

/** Field 22 of `/proc/PID/stat` (after the command name, which may hold spaces). */
function processStart(pid: number): string | undefined {
  return procStat(pid)?.[19];
}
