/**
 * A shell server's FIFO directory (`runbook-shell-*`) goes with the server (its EXIT trap) or
 * with Node when the server never started. When both die at once (a SIGKILL of the whole process
 * tree, the OOM killer, a container stopped), it stays in memory (`/dev/shm`) until reboot. So
 * each directory names its owner in a file, `owner`: the Node process's pid and its start time
 * (a pid is reused; the pair is not). Before a process makes its first directory in a place, it
 * removes the directories there whose owner has gone, and those of older versions (no owner
 * file) untouched for a day. Only directories of this user are looked at. (Two PID namespaces
 * sharing one `/dev/shm` would each take the other's owners for gone: containers have their own.)
 */
import { lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { procStat } from '../terminate/proc-stat.js';

export const FIFO_DIR_PREFIX = 'runbook-shell-';
const OWNER_FILE = 'owner';
const OWNERLESS_AGE_MS = 24 * 60 * 60 * 1000;
const swept = new Set<string>();

/** `PID START`: this process, as the owner file holds it. */
function ownerOf(pid: number): string {
  return `${pid} ${startTime(pid) ?? '?'}`;
}

/** The process's start time in clock ticks since boot (`/proc/PID/stat`, field 22), or undefined (no /proc, or gone). */
function startTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

function alive(owner: string): boolean {
  const [pidText, start] = owner.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Where /proc tells, the pid must still be the same process.
  const now = startTime(pid);
  return now === undefined || start === '?' || now === start;
}

/** Writes the owner file of `dir`, made by this process. */
export function writeFifoDirOwner(dir: string): void {
  writeFileSync(path.join(dir, OWNER_FILE), ownerOf(process.pid), { mode: 0o600 });
}

/** Removes the stale FIFO directories of this user in `parent` (once per process and place); the count removed. */
export function removeStaleFifoDirs(parent: string, now = Date.now()): number {
  if (swept.has(parent)) return 0;
  swept.add(parent);
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(parent).filter((name) => name.startsWith(FIFO_DIR_PREFIX));
  } catch {
    return 0;
  }
  for (const name of names) {
    const dir = path.join(parent, name);
    try {
      const stat = lstatSync(dir);
      if (!stat.isDirectory() || stat.uid !== process.getuid?.()) continue;
      let owner: string | undefined;
      try {
        owner = readFileSync(path.join(dir, OWNER_FILE), 'utf8');
      } catch {
        owner = undefined;
      }
      const stale = owner === undefined ? now - stat.mtimeMs > OWNERLESS_AGE_MS : !alive(owner);
      if (!stale) continue;
      rmSync(dir, { recursive: true, force: true });
      removed += 1;
    } catch {
      // Gone meanwhile, or not ours to remove: leave it.
    }
  }
  return removed;
}

/** Forgets which places were swept (tests). */
export function forgetSweptPlaces(): void {
  swept.clear();
}
