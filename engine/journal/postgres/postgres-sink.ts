import type pg from 'pg';
import type { RunEvent } from '../../contracts/run-event.js';
import { createOutputBound } from '../bound-output.js';
import type { JournalError } from '../journal-error.js';
import type { JournalSink } from '../journal-sink.js';
import { maskEvent } from '../mask-event.js';
import { postgresError } from './connect-postgres.js';
import { insertRun } from './insert-run.js';

/** Events whose batch is committed synchronously (durable before the next command); others (output) commit asynchronously. */
const DURABLE = new Set<RunEvent['type']>(['run-started', 'step-started', 'step-finished', 'run-finished', 'choice', 'input']);

/** One statement, one round trip: the events, the run's row, and a NOTIFY for followers. */
const APPEND = `WITH ins AS (
    INSERT INTO runbook_events (run_id, seq, event)
    SELECT $1, $2 + o - 1, e FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(e, o)
    RETURNING 1
  ), upd AS (
    UPDATE runbook_runs SET current_step = COALESCE($4, current_step), finished = COALESCE($5::timestamptz, finished), outcome = COALESCE($6, outcome)
    WHERE run_id = $1 RETURNING 1
  )
  SELECT pg_notify('runbook_events', $1 || ':' || $7::text), set_config('synchronous_commit', $8, true)`;

export interface PostgresSinkOptions {
  masker?: { mask(text: string): string };
  maxOutputBytesPerStep?: number;
  /** Let go of the run's lock (and the connection, which holds it). */
  release(): Promise<void>;
}

/**
 * A run's journal in PostgreSQL. `write` queues the event (masked, bounded); a pump commits
 * what is queued in one statement at a time, so events that come while a commit is in flight
 * go together in the next. `settle()` (awaited by `teeJournal` after each `step-started`)
 * resolves once everything written is committed; batches holding a step boundary commit
 * synchronously, output-only batches with `synchronous_commit = off` (a later synchronous
 * commit makes them durable too, in order). A failed commit or a lost connection fails the
 * sink: every later call throws, and no command starts.
 */
export function openPostgresSink(client: pg.Client, url: string, runId: string, options: PostgresSinkOptions): JournalSink & { fail(error: JournalError): void } {
  const bound = createOutputBound(options.maxOutputBytesPerStep);
  let pending: RunEvent[] = [];
  let seq = 0;
  let failed: JournalError | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  const commit = async (batch: RunEvent[]): Promise<void> => {
    const started = batch.find((event) => event.type === 'run-started');
    if (started?.type === 'run-started') await insertRun(client, started);
    const lastStep = batch.findLast((event) => event.type === 'step-started');
    const finished = batch.findLast((event) => event.type === 'run-finished');
    const durable = batch.some((event) => DURABLE.has(event.type));
    const first = seq + 1;
    seq += batch.length;
    await client.query(APPEND, [
      runId,
      first,
      JSON.stringify(batch),
      lastStep?.type === 'step-started' ? lastStep.stepId : null,
      finished?.time ?? null,
      finished?.type === 'run-finished' ? finished.outcome : null,
      seq,
      durable ? 'on' : 'off',
    ]);
  };

  const pump = (): Promise<void> => {
    inFlight ??= (async () => {
      try {
        while (pending.length > 0 && !failed) await commit(pending.splice(0));
      } catch (error) {
        failed ??= postgresError(error, 'writing', url);
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
  const check = (): void => {
    if (failed) throw failed;
  };

  return {
    location: `${url.replace(/:[^:@/]*@/, ':•••@')} run ${runId}`,
    fail(error) {
      failed ??= error;
    },
    write(event) {
      check();
      for (const one of bound(event)) pending.push(storable(options.masker ? maskEvent(one, options.masker) : one));
      void pump();
    },
    async settle() {
      while (inFlight || (pending.length > 0 && !failed)) await pump();
      check();
    },
    beforeCommand() {
      check();
      // teeJournal settled after the step's start: anything still queued here is output of
      // nothing (a hint, a warning) and may follow.
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await this.settle();
      } finally {
        await options.release();
      }
    },
  };
}

/** PostgreSQL's jsonb holds no NUL character: one in output is stored as U+FFFD. */
function storable(event: RunEvent): RunEvent {
  const text = JSON.stringify(event);
  return text.includes('\\u0000') ? (JSON.parse(text.replaceAll('\\u0000', '\\ufffd')) as RunEvent) : event;
}
