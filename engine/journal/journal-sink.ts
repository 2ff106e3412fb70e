import type { JournalSink } from '../contracts/journal-sink.js';

/** The sink interface lives with the contracts every stage shares (the session calls it). */
export type { JournalSink } from '../contracts/journal-sink.js';

/** A sink that stores nothing (`--no-journal`, benchmarks). */
export function nullJournalSink(location: string): JournalSink {
  return { location, write() {}, settle: () => Promise.resolve(), beforeCommand() {}, close: () => Promise.resolve() };
}
