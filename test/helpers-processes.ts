/** The machine's processes, read from /proc in this process (no `pgrep` spawned on every poll). */
import { readdirSync, readFileSync } from 'node:fs';

/** Each running process's command line, its arguments joined by spaces (as `pgrep -f` matches it). */
export function commandLines(): { pid: number; line: string }[] {
  const lines: { pid: number; line: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const line = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0$/, '').split('\0').join(' ');
      if (line) lines.push({ pid: Number(name), line });
    } catch {
      // Gone meanwhile.
    }
  }
  return lines;
}

/** The pids of the processes whose command line contains `text` (tests use unique markers). */
export function processesMatching(text: string): number[] {
  return commandLines().flatMap(({ pid, line }) => (line.includes(text) ? [pid] : []));
}

/** Of `markers`, the ones some process's command line contains (one read of /proc for all). */
export function markersRunning(markers: string[]): string[] {
  const lines = commandLines();
  return markers.filter((marker) => lines.some(({ line }) => line.includes(marker)));
}

/** Whether a process is there (one of another user's counts). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
