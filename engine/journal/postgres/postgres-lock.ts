import type pg from 'pg';
import { thisHolder, type RunHolder } from '../run-holder.js';
import { RunLockedError, type RunLock } from '../run-lock.js';
import { connectPostgres } from './connect-postgres.js';
import type { JournalError } from '../journal-error.js';
import { LOCK_CLASS } from './migrate-postgres.js';

/** A run's lock in PostgreSQL, with the connection that holds it (the run journals through it). */
export interface PostgresRunLock extends RunLock {
  readonly client: pg.Client;
  /** Where a lost connection is reported (the sink sets it). */
  onLost?: (error: JournalError) => void;
}

/**
 * Takes an incident's lock across machines: a session-level advisory lock (class LOCK_CLASS,
 * key hashtext(incident)) on a connection of its own, which the run keeps until it ends. A
 * runner that dies (SIGKILL, a crash, a power cut once TCP keepalive notices) loses its
 * connection, and PostgreSQL lets the lock go with it. The holder (`runbook_locks`) is named
 * when a second runner is refused.
 */
export async function lockPostgresRun(url: string, incident: string, runId: string): Promise<PostgresRunLock> {
  const lock: { onLost?: (error: JournalError) => void } = {};
  const client = await connectPostgres(url, (error) => lock.onLost?.(error));
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_CLASS, incident]);
    if (!rows[0]?.ok) throw new RunLockedError(incident, await holderOf(client, incident), [`runbook follow ${incident}  (to watch it)`]);
    const holder = thisHolder(runId);
    await client.query(
      `INSERT INTO runbook_locks (incident, run_id, user_name, host, pid, backend_pid, since) VALUES ($1, $2, $3, $4, $5, pg_backend_pid(), $6)
       ON CONFLICT (incident) DO UPDATE SET run_id = $2, user_name = $3, host = $4, pid = $5, backend_pid = pg_backend_pid(), since = $6`,
      [incident, runId, holder.user, holder.host, holder.pid, holder.since],
    );
    let released = false;
    return Object.assign(lock, {
      client,
      holder,
      async release() {
        if (released) return;
        released = true;
        await client.query('DELETE FROM runbook_locks WHERE incident = $1 AND backend_pid = pg_backend_pid()', [incident]).catch(() => {});
        await client.end().catch(() => {});
      },
    });
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

async function holderOf(client: pg.Client, incident: string): Promise<RunHolder> {
  const { rows } = await client.query<{ run_id: string; user_name: string; host: string; pid: number; since: Date }>(
    'SELECT run_id, user_name, host, pid, since FROM runbook_locks WHERE incident = $1',
    [incident],
  );
  const row = rows[0];
  if (!row) return { runId: incident, user: 'another runner', host: '?', pid: 0, since: new Date().toISOString() };
  return { runId: row.run_id, user: row.user_name, host: row.host, pid: row.pid, since: row.since.toISOString() };
}
