import type { Incident } from './read-incident.js';
import type { JournalSink } from './journal-sink.js';
import type { RunInfo } from './list-runs.js';
import type { RunLock } from './run-lock.js';

/**
 * A place run journals live in and are read back from: a directory of JSON Lines files
 * (`openFileJournalStore`) or a PostgreSQL database (`openPostgresJournalStore`). `runs`,
 * `report`, `resume`, `scenario --from` and `follow` read through it; a run writes through the
 * sink it opens.
 */
export interface JournalStore {
  /** A directory, or the database URL without its password. */
  readonly location: string;
  /** Newest first. */
  listRuns(): Promise<RunInfo[]>;
  /** By id, unique prefix, or (files) journal path; the newest for undefined or `latest`. Throws `RunLookupError`. */
  findRun(ref?: string): Promise<RunInfo>;
  /** The run with the runs it resumed and that resumed it. */
  readIncident(run: RunInfo): Promise<Incident>;
  /**
   * Takes the lock of an incident (named by its first run's id) for the run `runId` about to
   * journal to it. Throws `RunLockedError` naming the holder when another runner has it.
   */
  lock(incident: string, runId: string): Promise<RunLock>;
  /** Opens the sink a new run writes to; closing it lets `lock` go. */
  open(runId: string, options: { masker?: { mask(text: string): string }; lock?: RunLock; maxOutputBytesPerStep?: number }): Promise<JournalSink>;
  close(): Promise<void>;
}
