import type { RunEvent } from '../contracts/run-event.js';
import { between } from './format-duration.js';

/** A stop: from the last event of a run that stopped to the start of the run that resumed it. */
export interface RunStop {
  /** The run that stopped and the one that resumed it. */
  runId: string;
  resumedBy: string;
  stoppedAt: string;
  resumedAt: string;
  ms: number;
}

/**
 * Where an incident's time went (all its runs, oldest first): `stepsMs` in steps (each step's own
 * duration; a step the stop cut short, from its start to the run's last event), `stoppedMs`
 * between each stop and its resume, `runningMs` the rest of the wall time (`totalMs`, first start to
 * last event), when the runner ran or waited on the operator.
 */
export interface RunTimes {
  totalMs: number;
  runningMs: number;
  stepsMs: number;
  stoppedMs: number;
  stops: RunStop[];
}

export function runTimes(events: RunEvent[]): RunTimes {
  let first: string | undefined;
  let last: string | undefined;
  let runId = '';
  let stepsMs = 0;
  let open: string | undefined;
  const stops: RunStop[] = [];
  const closeOpenStep = (): void => {
    // The run stopped during a step: it ran until the run's last event.
    if (open) stepsMs += between(open, last);
    open = undefined;
  };
  for (const event of events) {
    if (event.type === 'run-started') {
      closeOpenStep();
      if (first === undefined) first = event.time;
      else if (last !== undefined) stops.push({ runId, resumedBy: event.runId, stoppedAt: last, resumedAt: event.time, ms: between(last, event.time) });
      runId = event.runId;
    } else if (event.type === 'step-started') {
      closeOpenStep();
      open = event.time;
    } else if (event.type === 'step-finished') {
      stepsMs += event.durationMs;
      open = undefined;
    }
    if (first !== undefined && (last === undefined || Date.parse(event.time) > Date.parse(last))) last = event.time;
  }
  closeOpenStep();
  const totalMs = between(first, last);
  const stoppedMs = stops.reduce((sum, stop) => sum + stop.ms, 0);
  return { totalMs, runningMs: Math.max(0, totalMs - stoppedMs), stepsMs, stoppedMs, stops };
}
