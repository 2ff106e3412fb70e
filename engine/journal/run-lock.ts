import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { journalErrorFrom } from './journal-error.js';
import { makeDirectory } from './make-directory.js';
import { describeHolder, holderGone, thisHolder, type RunHolder } from './run-holder.js';

/** A run's lock, held while it runs: one run, one runner. */
export interface RunLock {
  readonly holder: RunHolder;
  /** Lets the lock go (idempotent). */
  release(): void | Promise<void>;
}

/** Another runner holds the run. */
export class RunLockedError extends Error {
  constructor(
    readonly incident: string,
    readonly holder: RunHolder,
    readonly nextSteps: string[] = [],
  ) {
    super(`run ${incident} is being run by ${describeHolder(holder)}${holder.runId === incident ? '' : ` (as run ${holder.runId})`}; one run has one runner`);
    this.name = 'RunLockedError';
  }
}

/** The lock file of an incident (named by its first run's id). */
export function lockPath(dir: string, incident: string): string {
  return join(dir, `${incident}.lock`);
}

type Stored = RunHolder & { token: string };

/**
 * Takes the lock of an incident in a journal directory: `<dir>/<incident>.lock`, made by
 * linking a complete file into place (atomic; fails when it exists). A lock whose holder is
 * gone (same host, pid dead or reused) is moved aside and taken; a live one, or one from
 * another host (a shared directory), refuses with its holder. Released by `release()`, at
 * process exit, and (after SIGKILL) by the next taker's stale check.
 */
export function lockRun(dir: string, incident: string, runId: string): RunLock {
  const path = lockPath(dir, incident);
  const mine: Stored = { ...thisHolder(runId), token: randomBytes(8).toString('hex') };
  const temp = `${path}.${mine.token}.tmp`;
  try {
    makeDirectory(dir);
    writeFileSync(temp, JSON.stringify(mine) + '\n', { mode: 0o600 });
  } catch (error) {
    throw journalErrorFrom(error, 'locking', path);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw journalErrorFrom(error, 'locking', path);
      }
      const held = readLock(path);
      if (held === 'missing') continue;
      const gone = held === 'corrupt' || holderGone(held) === true;
      if (!gone || attempt >= 5) {
        if (held === 'corrupt') throw journalErrorFrom(new Error('unreadable lock file'), 'locking', path);
        throw new RunLockedError(incident, held, nextSteps(held, path));
      }
      breakStale(path, held);
    }
  } finally {
    unlinkQuietly(temp);
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const held = readLock(path);
    if (typeof held === 'object' && held.token === mine.token) unlinkQuietly(path);
  };
  process.on('exit', release);
  const { token: _token, ...holder } = mine;
  return { holder, release };
}

/** The holder recorded in a lock file. */
export function readLock(path: string): Stored | 'missing' | 'corrupt' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return 'missing';
  }
  try {
    const value = JSON.parse(text) as Stored;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? value : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

/** Moves a stale lock aside; if another taker replaced it meanwhile, puts theirs back. */
function breakStale(path: string, stale: Stored | 'corrupt'): void {
  const aside = `${path}.${randomBytes(8).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = readLock(aside);
  const same = stale === 'corrupt' ? moved === 'corrupt' : typeof moved === 'object' && moved.token === stale.token;
  if (!same) {
    try {
      linkSync(aside, path);
    } catch {
      // a third taker got in: its lock stands
    }
  }
  unlinkQuietly(aside);
}

function nextSteps(holder: RunHolder, path: string): string[] {
  const steps = [`runbook follow ${holder.runId}  (to watch it)`];
  if (holderGone(holder) === undefined) steps.push(`if that runner on ${holder.host} is gone for good, remove ${path}`);
  return steps;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}
