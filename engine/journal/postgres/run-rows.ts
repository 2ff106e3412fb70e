import type { Mode } from '../../contracts/run-event.js';
import type { RunInfo } from '../list-runs.js';

export interface RunRow {
  run_id: string;
  resumed_from: string | null;
  resumed_by: string | null;
  runbook: string;
  title: string;
  mode: string;
  scenario: string | null;
  user_name: string | null;
  host: string | null;
  alert: unknown;
  started: Date;
  finished: Date | null;
  outcome: string | null;
  current_step: string | null;
  runner_user: string | null;
  runner_host: string | null;
  runner_pid: number | null;
  runner_since: Date | null;
  running: boolean;
}

/** Runs with who runs them now (a lock row whose connection is alive) and the run that resumed each. */
export const SELECT_RUNS = `SELECT r.*, (SELECT b.run_id FROM runbook_runs b WHERE b.resumed_from = r.run_id ORDER BY b.run_id DESC LIMIT 1) AS resumed_by,
    l.user_name AS runner_user, l.host AS runner_host, l.pid AS runner_pid, l.since AS runner_since,
    (r.finished IS NULL AND l.run_id IS NOT NULL AND EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = l.backend_pid)) AS running
  FROM runbook_runs r LEFT JOIN runbook_locks l ON l.run_id = r.run_id`;

export function runInfoOf(row: RunRow, location: string): RunInfo {
  const info: RunInfo = {
    runId: row.run_id,
    path: `${location}#${row.run_id}`,
    runbook: row.runbook,
    title: row.title,
    mode: row.mode as Mode,
    started: row.started.toISOString(),
    outcome: row.outcome ?? (row.running ? 'running' : 'interrupted'),
    torn: false,
    problems: [],
  };
  if (row.scenario) info.scenario = row.scenario;
  if (row.resumed_from) info.resumedFrom = row.resumed_from;
  if (row.resumed_by) info.resumedBy = row.resumed_by;
  if (row.finished) info.finished = row.finished.toISOString();
  if (row.current_step) info.currentStep = row.current_step;
  if (row.user_name) info.user = row.user_name;
  if (row.host) info.host = row.host;
  if (row.alert) info.alert = row.alert as RunInfo['alert'];
  if (row.running && row.runner_user && row.runner_host && row.runner_pid !== null && row.runner_since) {
    info.runner = { runId: row.run_id, user: row.runner_user, host: row.runner_host, pid: row.runner_pid, since: row.runner_since.toISOString() };
  }
  return info;
}
