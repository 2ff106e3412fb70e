/**
 * The `run --json` result (SPEC §4) from a run's events: one entry per step execution in run
 * order, then a `skipped` entry for every step of the graph that was never reached.
 */
import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent, StepStatus } from '../contracts/run-event.js';

export interface RunSummaryStep {
  id: string;
  title: string;
  status: StepStatus;
  exitCode: number | null;
  durationMs: number;
  /** `passed` only because a branch handled a failing exit (SPEC keeps `status` to passed|failed|skipped). */
  handled?: true;
}

export interface RunSummary {
  runId: string;
  runbook: string;
  outcome: string;
  path: string[];
  steps: RunSummaryStep[];
  /** Why the run stopped, when it stopped with a message. */
  message?: string;
  /** The operator or a signal ended the run, not the runbook (exit 130); also a journal with no end. */
  interrupted?: true;
}

export function summarizeRun(events: RunEvent[], graph?: StepGraph): RunSummary {
  let runId = '';
  let runbook = graph?.file ?? '';
  // A run whose journal has no end was interrupted.
  let outcome = 'aborted';
  let message: string | undefined;
  let interrupted = true;
  const titles = new Map<string, string>(graph?.steps.map((step) => [step.id, step.title]) ?? []);
  const path: string[] = [];
  const steps: RunSummaryStep[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'run-started':
        // A resumed run's events start with the earlier run's; keep the first id and path.
        if (!runId) runId = event.runId;
        runbook = event.runbook;
        break;
      case 'step-started':
        titles.set(event.stepId, event.title);
        break;
      case 'step-finished':
        path.push(event.stepId);
        steps.push({
          id: event.stepId,
          title: titles.get(event.stepId) ?? event.stepId,
          status: event.status,
          exitCode: event.exitCode,
          durationMs: event.durationMs,
          ...(event.handled ? { handled: true as const } : {}),
        });
        break;
      case 'run-finished':
        outcome = event.outcome;
        message = event.message;
        interrupted = event.interrupted === true;
        break;
      default:
        break;
    }
  }
  const seen = new Set(path);
  for (const step of graph?.steps ?? []) {
    if (!seen.has(step.id)) steps.push({ id: step.id, title: step.title, status: 'skipped', exitCode: null, durationMs: 0 });
  }
  return { runId, runbook, outcome, path, steps, ...(message ? { message } : {}), ...(interrupted ? { interrupted: true as const } : {}) };
}
