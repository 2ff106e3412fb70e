import type { RunEvent } from '../../contracts/run-event.js';
import { connectPostgres, postgresError } from './connect-postgres.js';

/** How often a follower checks that the run still has a runner (its lock's connection alive). */
const RUNNER_CHECK_MS = 2000;

/**
 * Follows one run in the shared journal as it happens: every event already stored, then each
 * new one as its commit is announced (`LISTEN runbook_events`; the runner NOTIFYs with each
 * batch), in order. Resolves with the run's `run-finished`, or undefined when its runner is
 * gone without one (checked every 2 s, not in a tight loop).
 */
export async function followPostgresRun(url: string, runId: string, onEvent: (event: RunEvent) => void): Promise<Extract<RunEvent, { type: 'run-finished' }> | undefined> {
  const client = await connectPostgres(url, undefined, { hold: true });
  let seq = 0;
  let fetching: Promise<void> | undefined;
  let again = false;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (value: Extract<RunEvent, { type: 'run-finished' }> | undefined, error?: unknown) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (error) reject(postgresError(error, 'following a run in', url));
      else resolve(value);
    };
    const fetch = (): void => {
      if (fetching) {
        again = true;
        return;
      }
      fetching = (async () => {
        do {
          again = false;
          const { rows } = await client.query<{ seq: number; event: RunEvent }>('SELECT seq, event FROM runbook_events WHERE run_id = $1 AND seq > $2 ORDER BY seq', [runId, seq]);
          for (const row of rows) {
            seq = row.seq;
            onEvent(row.event);
            if (row.event.type === 'run-finished') return finish(row.event);
          }
        } while (again);
      })()
        .catch((error: unknown) => finish(undefined, error))
        .finally(() => {
          fetching = undefined;
        });
    };
    client.on('notification', (message) => {
      if (message.payload?.startsWith(`${runId}:`)) fetch();
    });
    client.on('error', (error) => finish(undefined, error));
    client
      .query('LISTEN runbook_events')
      .then(() => {
        fetch();
        timer = setInterval(() => {
          void runnerAlive().then((alive) => {
            if (alive) return;
            // Gone: what it stored before it went is shown, then the follower stops.
            fetch();
            void (fetching ?? Promise.resolve()).then(() => finish(undefined));
          }, (error: unknown) => finish(undefined, error));
        }, RUNNER_CHECK_MS);
      })
      .catch((error: unknown) => finish(undefined, error));
    const runnerAlive = async (): Promise<boolean> => {
      const { rows } = await client.query<{ alive: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM runbook_locks l JOIN pg_stat_activity a ON a.pid = l.backend_pid WHERE l.run_id = $1) AS alive`,
        [runId],
      );
      return rows[0]?.alive ?? false;
    };
  });
}
