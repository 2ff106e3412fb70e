import type { JournalSink } from '../journal/journal-sink.js';
import type { JournalStore } from '../journal/journal-store.js';
import { RunLockedError, type RunLock } from '../journal/run-lock.js';
import { CliError } from './cli-error.js';
import { EXIT_INVALID } from './exit-codes.js';

/**
 * Opens a new run's journal: takes the run's lock (unless `resume` holds the incident's already)
 * and its sink. A store that refuses is a clear error before anything runs (exit 2).
 */
export async function openRunJournal(store: JournalStore, runId: string, masker: { mask(text: string): string }, held?: RunLock): Promise<JournalSink> {
  let lock = held;
  try {
    lock ??= await store.lock(runId, runId);
    return await store.open(runId, { masker, lock });
  } catch (error) {
    if (!held) await lock?.release();
    throw journalCliError('run', error);
  }
}

/** A journal store's error as a `CliError` (exit 2) with what to do. */
export function journalCliError(command: string, error: unknown): CliError {
  if (error instanceof RunLockedError) return new CliError(`${command}: ${error.message}`, EXIT_INVALID, error.nextSteps);
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`${command}: ${message}`, EXIT_INVALID, ['--journal DIR|postgres://… to write the journal elsewhere, or --no-journal']);
}
