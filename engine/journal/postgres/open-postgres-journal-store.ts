import type { RunEvent } from '../../contracts/run-event.js';
import { RunLookupError } from '../find-run.js';
import type { JournalStore } from '../journal-store.js';
import type { RunInfo } from '../list-runs.js';
import { connectPostgres, postgresError, redactUrl } from './connect-postgres.js';
import { migratePostgres } from './migrate-postgres.js';
import { lockPostgresRun, type PostgresRunLock } from './postgres-lock.js';
import { openPostgresSink } from './postgres-sink.js';
import { runInfoOf, SELECT_RUNS, type RunRow } from './run-rows.js';

/**
 * The shared journal: runs and their events in a PostgreSQL database (`--journal postgres://…`
 * or `RUNBOOK_JOURNAL`), read and written from any machine. Connects, creates or migrates the
 * schema, and fails with a clear `JournalError` (database down, no rights) before anything runs.
 */
export async function openPostgresJournalStore(url: string): Promise<JournalStore> {
  const location = redactUrl(url);
  const client = await connectPostgres(url);
  try {
    await migratePostgres(client);
  } catch (error) {
    await client.end().catch(() => {});
    throw postgresError(error, 'preparing the schema in', url);
  }
  const query = async <R extends object>(text: string, values: unknown[] = []): Promise<R[]> => {
    try {
      return (await client.query<R>(text, values)).rows;
    } catch (error) {
      throw postgresError(error, 'reading', url);
    }
  };
  const runs = async (where: string, values: unknown[]): Promise<RunInfo[]> =>
    (await query<RunRow>(`${SELECT_RUNS} ${where}`, values)).map((row) => runInfoOf(row, location));

  const store: JournalStore = {
    location,
    listRuns: () => runs('ORDER BY r.started DESC, r.run_id DESC', []),
    async findRun(ref) {
      const found = !ref || ref === 'latest' ? await runs('ORDER BY r.started DESC, r.run_id DESC LIMIT 1', []) : await runs('WHERE r.run_id LIKE $1 ORDER BY r.run_id', [`${ref.replace(/[\\%_]/g, '\\$&')}%`]);
      if (found.length === 0 && (!ref || ref === 'latest')) throw new RunLookupError(`no runs journaled in ${location}`, ['runbook run FILE --journal URL']);
      const exact = found.find((run) => run.runId === ref);
      if (exact || found.length === 1) return exact ?? found[0]!;
      if (found.length > 1) throw new RunLookupError(`run \`${ref}\` is ambiguous: it matches ${found.map((run) => run.runId).join(', ')}`, ['give more characters of the run id']);
      throw new RunLookupError(`no run \`${ref}\` in ${location}`, ['runbook runs  (to see the recent runs)']);
    },
    async readIncident(run) {
      const chain = await runs('WHERE r.incident = (SELECT incident FROM runbook_runs WHERE run_id = $1) ORDER BY r.started, r.run_id', [run.runId]);
      const rows = await query<{ event: RunEvent }>(
        `SELECT e.event FROM runbook_events e JOIN runbook_runs r USING (run_id)
         WHERE r.incident = (SELECT incident FROM runbook_runs WHERE run_id = $1) ORDER BY r.started, r.run_id, e.seq`,
        [run.runId],
      );
      return { runs: chain.length > 0 ? chain : [run], events: rows.map((row) => row.event), torn: false, problems: [] };
    },
    lock: async (incident, runId) => {
      try {
        return await lockPostgresRun(url, incident, runId);
      } catch (error) {
        if (error instanceof Error && error.name === 'RunLockedError') throw error;
        throw postgresError(error, 'locking the run in', url);
      }
    },
    async open(runId, options) {
      const lock = (options.lock as PostgresRunLock | undefined) ?? (await lockPostgresRun(url, runId, runId));
      const sink = openPostgresSink(lock.client, url, runId, { ...options, release: async () => lock.release() });
      lock.onLost = (error) => sink.fail(error);
      return sink;
    },
    close: () => client.end().catch(() => {}),
  };
  return store;
}
