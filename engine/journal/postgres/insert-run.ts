import type pg from 'pg';
import type { RunEvent } from '../../contracts/run-event.js';

type RunStarted = Extract<RunEvent, { type: 'run-started' }>;

/** The run's row, written with its run-started: what `runs` lists without reading events. */
export async function insertRun(client: pg.Client, event: RunStarted): Promise<void> {
  const alert = (event as { alert?: unknown }).alert;
  await client.query(
    `INSERT INTO runbook_runs (run_id, incident, resumed_from, runbook, title, mode, scenario, user_name, host, alert, started)
     VALUES ($1, COALESCE((SELECT incident FROM runbook_runs WHERE run_id = $2), $2, $1), $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
     ON CONFLICT (run_id) DO NOTHING`,
    [event.runId, event.resumedFrom ?? null, event.runbook, event.title, event.mode, event.scenario ?? null, event.user ?? null, event.host ?? null, alert === undefined ? null : JSON.stringify(alert), event.time],
  );
}
