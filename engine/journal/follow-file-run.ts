import { closeSync, fstatSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { RunEvent } from '../contracts/run-event.js';
import { runnerOf } from './list-runs.js';
import { parseJournal } from './read-journal.js';

type Finished = Extract<RunEvent, { type: 'run-finished' }>;

/** A fallback read of the journal, for file systems whose changes are not announced (NFS). */
const POLL_MS = 1000;
/** How often a follower checks that the run still has a runner (its incident's lock). */
const RUNNER_CHECK_MS = 2000;
/** The most read at once. */
const CHUNK = 1 << 20;

/**
 * Follows one run of the file journal as it happens: every event already written, then each
 * line as it is appended (the directory is watched with `fs.watch`, with a read every second
 * as a fallback; never a tight loop). Only complete lines are read: a line being written is
 * taken once its newline is in. Resolves with the run's `run-finished`, or undefined when its
 * runner is gone without one (the incident's lock, named by its first run `incident`, no
 * longer names a live runner of this run; checked every 2 s and whenever the lock changes).
 */
export function followFileRun(path: string, incident: string, onEvent: (event: RunEvent) => void): Promise<Finished | undefined> {
  const dir = dirname(path);
  const runId = basename(path, '.jsonl');
  const fd = openSync(path, 'r');
  let offset = 0;
  let rest = Buffer.alloc(0);

  /** Reads what was appended since the last read; the run's end when it came. */
  const drain = (): Finished | undefined => {
    const size = fstatSync(fd).size;
    while (offset < size) {
      const chunk = Buffer.alloc(Math.min(size - offset, CHUNK));
      const read = readSync(fd, chunk, 0, chunk.length, offset);
      if (read === 0) break;
      offset += read;
      const data = rest.length > 0 ? Buffer.concat([rest, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      const end = data.lastIndexOf(0x0a);
      if (end < 0) {
        rest = data;
        continue;
      }
      rest = Buffer.from(data.subarray(end + 1));
      for (const event of parseJournal(data.subarray(0, end + 1).toString('utf8')).events) {
        onEvent(event);
        if (event.type === 'run-finished') return event;
      }
    }
    return undefined;
  };

  return new Promise((resolve, reject) => {
    let watcher: FSWatcher | undefined;
    let poll: NodeJS.Timeout | undefined;
    let check: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (value: Finished | undefined, error?: unknown) => {
      if (done) return;
      done = true;
      watcher?.close();
      clearInterval(poll);
      clearInterval(check);
      closeSync(fd);
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(value);
    };
    const step = (checkRunner: boolean) => {
      if (done) return;
      try {
        const finished = drain();
        if (finished) return finish(finished);
        // Gone: what it wrote before it went was shown above; then the follower stops.
        if (checkRunner && !runnerOf(dir, incident, runId)) finish(drain());
      } catch (error) {
        finish(undefined, error);
      }
    };
    try {
      watcher = watch(dir, (_type, name) => {
        const file = name?.toString();
        if (file === undefined || file === `${runId}.jsonl`) step(false);
        else if (file === `${incident}.lock`) step(true);
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      // No change events here: the poll below reads.
    }
    poll = setInterval(() => step(false), POLL_MS);
    check = setInterval(() => step(true), RUNNER_CHECK_MS);
    step(true);
  });
}
