import type { RunEvent } from '../contracts/run-event.js';

/**
 * Where one run's events go: the JSON Lines file (`openJournal`) or a shared store
 * (`openPostgresJournal`). The run never sees which: the session tees its events through
 * `teeJournal`, and asks `beforeCommand()` right before each command starts.
 *
 * The promise every sink keeps (SPEC §5): each event is stored before the next command
 * starts, and a command never starts once an event before it could not be stored.
 */
export interface JournalSink {
  /** What to call this journal in messages: a file path, or `postgres://host/db` and the run id. */
  readonly location: string;
  /**
   * Takes one event (masked again, output bounded per step). Throws a `JournalError` when the
   * store refuses; from then on every call throws it again (the run stops, nothing else runs).
   */
  write(event: RunEvent): void;
  /**
   * Resolves once every event written so far is stored (a file: in the kernel already; a
   * database: committed). `teeJournal` awaits it after each `step-started`, so the runner,
   * which waits for its events to be handled before a command runs, never starts a command
   * whose start is not stored. Rejects with the `JournalError` when the store failed.
   */
  settle(): Promise<void>;
  /**
   * Synchronously, right before a command starts (`RunOptions.beforeCommand`): throws the
   * `JournalError` if the store failed (the command must not run). The file journal fsyncs
   * here what is due, overlapping the shell's preparation.
   */
  beforeCommand(): void;
  /** Stores what is left and releases the store (and the run's lock when the sink holds it). */
  close(): Promise<void>;
}

/** A sink that stores nothing (`--no-journal`, benchmarks). */
export function nullJournalSink(location: string): JournalSink {
  return { location, write() {}, settle: () => Promise.resolve(), beforeCommand() {}, close: () => Promise.resolve() };
}
