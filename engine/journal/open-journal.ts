import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RunEvent } from '../contracts/run-event.js';
import { journalErrorFrom, type JournalError } from './journal-error.js';

/** Appends a run's events to its JSON Lines file. */
export interface JournalWriter {
  /** `<dir>/<runId>.jsonl` (also when disabled, so callers can still name it). */
  readonly path: string;
  readonly enabled: boolean;
  /**
   * Appends one event. Synchronous: when it returns, the line is written (a killed process
   * loses nothing). After `run-started` and `step-finished` an fsync is due: it happens at the
   * next `sync()` (the runner calls it right before the next command starts, so the fsync
   * overlaps the shell's preparation), else as soon as the event loop is free (before any
   * operator answer can come). `run-finished` is synced at once.
   * Throws a `JournalError` when the disk refuses (also one a deferred fsync met); the caller
   * stops the run. After that the writer is closed and later writes are ignored.
   */
  write(event: RunEvent): void;
  /** fsyncs what was written, if an fsync is due. Throws a `JournalError` like `write`. */
  sync(): void;
  close(): void;
}

export interface JournalOptions {
  /** `false`: write nothing at all (benchmarks, `--no-journal`). Default true. */
  enabled?: boolean;
  /** Output journaled per step execution, in bytes, before a single truncation marker. Default 256 KiB. */
  maxOutputBytesPerStep?: number;
  /** Defensive second masking of every string in every event (known secret values, token patterns). */
  masker?: { mask(text: string): string };
}

export const DEFAULT_MAX_OUTPUT_BYTES_PER_STEP = 256 * 1024;

/** Events after which an fsync is due: the step boundaries. */
const SYNCED = new Set<RunEvent['type']>(['run-started', 'step-finished', 'run-finished']);

/**
 * Opens (creates, mode 0600, in a directory created 0700) the journal of one run.
 * Every event is written at once (the kernel holds the bytes, so a killed process loses
 * nothing); fsync, which costs about half a millisecond, happens once per step, after
 * `step-finished` and before the next command starts (and at the run's start and end): a power
 * cut loses at most the running step's start and output, and resume runs that step again anyway.
 */
export function openJournal(dir: string, runId: string, options: JournalOptions = {}): JournalWriter {
  const path = join(dir, `${runId}.jsonl`);
  if (options.enabled === false) {
    return { path, enabled: false, write() {}, sync() {}, close() {} };
  }
  const limit = options.maxOutputBytesPerStep ?? DEFAULT_MAX_OUTPUT_BYTES_PER_STEP;
  const masker = options.masker;
  let fd: number | undefined;
  try {
    makeDirectory(dir);
    fd = openSync(path, 'a', 0o600);
    syncDirectory(dir);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    throw journalErrorFrom(error, 'opening', path);
  }

  let failed: JournalError | undefined;
  /** A deferred fsync failed and nobody was there to hear it: the next write or sync throws it. */
  let unreported = false;
  let outputBytes = 0;
  let truncatedStep: string | undefined;
  /** Written since the last fsync. */
  let dirty = false;
  /** An fsync is due (a step boundary was written). */
  let due = false;
  let timer: NodeJS.Immediate | undefined;

  const fail = (error: unknown): JournalError => {
    failed = journalErrorFrom(error, 'writing', path);
    closeQuietly();
    return failed;
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

  const append = (event: RunEvent, boundary: boolean) => {
    if (fd === undefined) return;
    const line = JSON.stringify(masker ? maskEvent(event, masker) : event) + '\n';
    try {
      writeSync(fd, line);
      dirty = true;
    } catch (error) {
      throw fail(error);
    }
    if (!boundary) return;
    due = true;
    if (event.type === 'run-finished') syncNow();
    else timer ??= setImmediate(() => {
      timer = undefined;
      try {
        syncNow();
      } catch {
        unreported = true;
      }
    });
  };

  /** A deferred fsync's failure, thrown once to the next caller. */
  const throwUnreported = (): void => {
    if (!unreported) return;
    unreported = false;
    throw failed;
  };

  const closeQuietly = () => {
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch {
      // already failing; the first error is the one reported
    }
    fd = undefined;
  };

  return {
    path,
    enabled: true,
    write(event) {
      throwUnreported();
      if (failed || fd === undefined) return;
      if (event.type === 'step-started') {
        outputBytes = 0;
        truncatedStep = undefined;
      }
      if (event.type === 'output') {
        if (truncatedStep === event.stepId) return;
        const bytes = Buffer.byteLength(event.text);
        if (outputBytes + bytes <= limit) {
          outputBytes += bytes;
          append(event, false);
          return;
        }
        const room = limit - outputBytes;
        if (room > 0) append({ ...event, text: sliceBytes(event.text, room) }, false);
        outputBytes = limit;
        truncatedStep = event.stepId;
        append(
          {
            type: 'warning',
            time: event.time,
            stepId: event.stepId,
            message: `output truncated in the journal after ${formatBytes(limit)} for this step`,
          },
          false,
        );
        return;
      }
      if (event.type === 'step-finished' && truncatedStep === event.stepId && !event.outputTruncated) {
        append({ ...event, outputTruncated: true }, true);
        return;
      }
      append(event, SYNCED.has(event.type));
    },
    sync() {
      throwUnreported();
      syncNow();
    },
    close() {
      if (timer) clearImmediate(timer);
      timer = undefined;
      if (fd === undefined) return;
      try {
        if (dirty) fsyncSync(fd);
        closeSync(fd);
      } catch (error) {
        fd = undefined;
        throw journalErrorFrom(error, 'closing', path);
      }
      fd = undefined;
    },
  };
}

/** Masks every string of an event except its `type` and `time`. */
function maskEvent(event: RunEvent, masker: { mask(text: string): string }): RunEvent {
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key === 'type' || key === 'time' ? value : masker.mask(value);
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const k in value) out[masker.mask(k)] = walk((value as Record<string, unknown>)[k], k);
      return out;
    }
    return value;
  };
  return walk(event) as RunEvent;
}

/** The longest prefix of `text` that fits in `bytes` UTF-8 bytes, never splitting a character. */
function sliceBytes(text: string, bytes: number): string {
  const buffer = Buffer.from(text).subarray(0, bytes);
  return buffer.toString('utf8').replace(/\uFFFD$/, '');
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/** fsync the directory so the new file's entry survives a power cut (best effort). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on directories
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * `mkdir -p` with mode 0700 for the directories it creates. Not `mkdirSync({ recursive: true })`:
 * on some file systems (e.g. under /proc) Node's recursive mkdir loops forever instead of failing.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let current = resolve(dir); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const path of missing) mkdirSync(path, { mode: 0o700 });
}
