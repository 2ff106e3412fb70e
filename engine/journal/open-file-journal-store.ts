import { findRun } from './find-run.js';
import type { JournalStore } from './journal-store.js';
import { listRuns } from './list-runs.js';
import { openJournal } from './open-journal.js';
import { readIncident } from './read-incident.js';
import { lockRun } from './run-lock.js';

/** The embedded journal: one JSON Lines file per run in `dir`, one lock file per running incident. */
export function openFileJournalStore(dir: string): JournalStore {
  return {
    location: dir,
    listRuns: async () => listRuns(dir),
    findRun: async (ref) => findRun(dir, ref),
    readIncident: async (run) => readIncident(run),
    lock: async (incident, runId) => lockRun(dir, incident, runId),
    open: async (runId, options) => openJournal(dir, runId, options),
    close: async () => {},
  };
}
