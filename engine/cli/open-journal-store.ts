import { defaultJournalDir } from '../journal/default-journal-dir.js';
import { RunLookupError } from '../journal/find-run.js';
import type { JournalStore } from '../journal/journal-store.js';
import type { RunInfo } from '../journal/list-runs.js';
import { openFileJournalStore } from '../journal/open-file-journal-store.js';
import type { Incident } from '../journal/read-incident.js';
import { CliError } from './cli-error.js';
import { EXIT_INVALID } from './exit-codes.js';

/**
 * The journal store `--journal` names (a directory or a `postgres://` URL), else
 * `$RUNBOOK_JOURNAL`, else the default directory.
 */
export async function openJournalStore(command: string, option: string | undefined): Promise<JournalStore> {
  const where = option ?? (process.env.RUNBOOK_JOURNAL || undefined) ?? defaultJournalDir();
  if (/^postgres(ql)?:\/\//i.test(where)) {
    const { openPostgresJournalStore } = await import('../journal/postgres/open-postgres-journal-store.js');
    try {
      return await openPostgresJournalStore(where);
    } catch (error) {
      throw new CliError(`${command}: ${error instanceof Error ? error.message : String(error)}`, EXIT_INVALID, ['check the URL given with --journal or RUNBOOK_JOURNAL, and that the database is up']);
    }
  }
  return openFileJournalStore(where);
}

/** The run a command names and its whole incident; a lookup problem is a `CliError` (exit 2). */
export async function findIncident(command: string, store: JournalStore, ref: string | undefined): Promise<{ run: RunInfo; incident: Incident }> {
  try {
    const run = await store.findRun(ref);
    return { run, incident: await store.readIncident(run) };
  } catch (error) {
    if (error instanceof RunLookupError) throw new CliError(`${command}: ${error.message}`, EXIT_INVALID, error.nextSteps);
    throw error;
  }
}
