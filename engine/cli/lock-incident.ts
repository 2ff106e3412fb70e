import { dirname } from 'node:path';
import type { JournalStore } from '../journal/journal-store.js';
import type { RunInfo } from '../journal/list-runs.js';
import { openFileJournalStore } from '../journal/open-file-journal-store.js';
import type { Incident } from '../journal/read-incident.js';
import type { RunLock } from '../journal/run-lock.js';
import { journalCliError } from './open-run-journal.js';
import { findIncident } from './open-journal-store.js';

/**
 * Finds the run `ref` names, takes its incident's lock for the new run `runId` (refused, exit 2,
 * naming the holder, while another runner has it), then reads the incident again: what a
 * runner did before letting go is seen. The store returned is where the new run journals (a
 * journal file given by path: its own directory).
 */
export async function lockIncident(command: string, given: JournalStore, ref: string | undefined, runId: string): Promise<{ store: JournalStore; lock: RunLock; run: RunInfo; incident: Incident }> {
  const found = await findIncident(command, given, ref);
  const latest = found.incident.runs.at(-1) ?? found.run;
  const store = latest.path.endsWith('.jsonl') && dirname(latest.path) !== given.location ? openFileJournalStore(dirname(latest.path)) : given;
  const root = found.incident.runs[0]?.runId ?? found.run.runId;
  let lock: RunLock;
  try {
    lock = await store.lock(root, runId);
  } catch (error) {
    throw journalCliError(command, error);
  }
  const again = await findIncident(command, store, found.run.runId);
  return { store, lock, ...again };
}
