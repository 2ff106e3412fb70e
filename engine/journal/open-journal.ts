import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../contracts/run-event.js';
import { createOutputBound } from './bound-output.js';
import { journalErrorFrom, type JournalError } from './journal-error.js';
import type { JournalSink } from './journal-sink.js';
import { makeDirectory, syncDirectory } from './make-directory.js';
import { maskEvent } from './mask-event.js';
import type { RunLock } from './run-lock.js';

/** A run's JSON Lines file: the embedded journal. */
export interface FileJournal extends JournalSink {
  /** `<dir>/<runId>.jsonl`. */
  readonly path: string;
  /** fsyncs what was written, if an fsync is due (what `beforeCommand` does). */
  sync(): void;
}

export interface JournalOptions {
  /** Output journaled per step execution, in bytes, before a single truncation marker. Default 256 KiB. */
  maxOutputBytesPerStep?: number;
  /** Defensive second masking of every string in every event (known secret values, token patterns). */
  masker?: { mask(text: string): string };
  /** The run's lock (`lockRun`), released when the journal is closed. */
  lock?: RunLock;
}

/** Events after which an fsync is due: the step boundaries. */
const SYNCED = new Set<RunEvent['type']>(['run-started', 'step-finished', 'run-finished']);

/**
 * Opens (creates, mode 0600, in a directory created 0700) the journal file of one run.
 * Every event is written at once, whole (a short write is continued until it fails), so a
 * killed process loses nothing; the fsync is due after `run-started` and `step-finished` and
 * runs at `beforeCommand()`, right before the next command starts (overlapping the shell's
 * preparation), else at the next free turn of the event loop; `run-finished` is synced at once.
 * Once a write or an fsync failed, every later call throws that `JournalError`.
 */
export function openJournal(dir: string, runId: string, options: JournalOptions = {}): FileJournal {
  const path = join(dir, `${runId}.jsonl`);
  const bound = createOutputBound(options.maxOutputBytesPerStep);
  const masker = options.masker;
  // Written under another name until its first event is in: a reader never meets an empty
  // journal (a second runner would take it for a run of its own).
  const staging = `${path}.new`;
  let named = false;
  let fd: number | undefined;
  try {
    makeDirectory(dir);
    fd = openSync(staging, 'w', 0o600);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    throw journalErrorFrom(error, 'opening', path);
  }

  let failed: JournalError | undefined;
  /** Written since the last fsync. */
  let dirty = false;
  /** An fsync is due (a step boundary was written). */
  let due = false;
  let timer: NodeJS.Immediate | undefined;

  const fail = (error: unknown): JournalError => {
    failed ??= journalErrorFrom(error, 'writing', path);
    release();
    return failed;
  };
  const check = (): void => {
    if (failed) throw failed;
  };

  const syncNow = (): void => {
    if (timer) clearImmediate(timer);
    timer = undefined;
    if (!due || fd === undefined) return;
    due = false;
    try {
      fsyncSync(fd);
      dirty = false;
    } catch (error) {
      throw fail(error);
    }
  };

  const append = (event: RunEvent): void => {
    try {
      writeWhole(fd!, JSON.stringify(masker ? maskEvent(event, masker) : event) + '\n');
      dirty = true;
      if (!named) {
        renameSync(staging, path);
        named = true;
        syncDirectory(dir);
      }
    } catch (error) {
      throw fail(error);
    }
    if (!SYNCED.has(event.type)) return;
    due = true;
    if (event.type === 'run-finished') syncNow();
    else
      timer ??= setImmediate(() => {
        timer = undefined;
        try {
          syncNow();
        } catch {
          // kept in `failed`: the next call throws it
        }
      });
  };

  /** Closes the file (without a sync) and lets the lock go. */
  const release = (): void => {
    if (timer) clearImmediate(timer);
    timer = undefined;
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing or closing; the first error is the one reported
      }
      fd = undefined;
    }
    if (!named) unlinkQuietly(staging);
    void options.lock?.release();
  };

  return {
    path,
    location: path,
    write(event) {
      check();
      if (fd === undefined) throw fail(new Error('the journal is closed'));
      for (const bounded of bound(event)) append(bounded);
    },
    settle() {
      return failed ? Promise.reject(failed) : Promise.resolve();
    },
    sync() {
      check();
      syncNow();
    },
    beforeCommand() {
      check();
      syncNow();
    },
    async close() {
      if (fd === undefined) return release();
      let error: unknown;
      try {
        if (dirty) fsyncSync(fd);
      } catch (caught) {
        error = caught;
      }
      release();
      if (error && !failed) throw journalErrorFrom(error, 'closing', path);
    },
  };
}

/** Writes a whole line: a full disk may take part of it and return a short count; the rest then fails. */
function writeWhole(fd: number, line: string): void {
  const bytes = Buffer.from(line);
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never made, or gone
  }
}
