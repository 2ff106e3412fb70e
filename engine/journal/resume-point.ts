import type { Mode, RunEvent, ShellState, WorldSnapshot } from '../contracts/run-event.js';
import { MASK } from '../run/create-masker.js';
import type { RunStart } from '../contracts/run-seams.js';

/** Where an interrupted run continues, read from its journal events. */
export interface ResumePoint {
  /** The run to continue (the last one of the incident). */
  runId: string;
  runbook: string;
  sha256: string;
  mode: Mode;
  scenario?: string;
  /** Non-secret inputs as recorded (secret inputs must be given again). */
  inputs: Record<string, string>;
  start: RunStart;
  /** The step that was started but did not finish: it runs again. */
  interruptedStep?: string;
  /** The last step that finished. */
  lastFinishedStep?: string;
  /** The run reached run-finished: there is nothing to resume. */
  finished: boolean;
  outcome?: string;
  /** The run finished its last step but was stopped before it could record the outcome. */
  endedAfterLastStep: boolean;
  /** Captures whose values were secret (masked in the journal): lost; the steps that made them must run again. */
  maskedCaptures: string[];
  /** Rehearsals: the simulated world after the last step that finished (not one interrupted). */
  world?: WorldSnapshot;
}

/**
 * Reads the resume point from a run's events (all runs of the incident, oldest first):
 * the step started but not finished (else the step after the last finished one), the shell
 * state (exports and cwd) after the last finished step, the inputs and captures so far, the
 * visits and the path. Secret values are not in the journal: they are asked for again.
 */
export function resumePoint(events: RunEvent[]): ResumePoint {
  let started: Extract<RunEvent, { type: 'run-started' }> | undefined;
  const inputs: Record<string, string> = {};
  const captures: Record<string, string> = {};
  const visits: Record<string, number> = {};
  const path: string[] = [];
  let open: { stepId: string; visit: number } | undefined;
  let lastVisitKey: string | undefined;
  let state: ShellState | undefined;
  let next: string | null | undefined;
  let lastFinishedStep: string | undefined;
  let finished: Extract<RunEvent, { type: 'run-finished' }> | undefined;
  let lastFinished: Extract<RunEvent, { type: 'step-finished' }> | undefined;
  let world: WorldSnapshot | undefined;

  for (const event of events) {
    switch (event.type) {
      case 'run-started':
        started = event;
        Object.assign(inputs, event.inputs);
        finished = undefined;
        open = undefined;
        break;
      case 'input':
        if (!event.secret && event.value !== undefined) inputs[event.name] = event.value;
        break;
      case 'step-started':
        open = { stepId: event.stepId, visit: event.visit };
        break;
      case 'step-finished': {
        lastFinished = event;
        if (event.world && event.message !== 'interrupted') world = event.world;
        const visit = open?.stepId === event.stepId ? open.visit : (visits[event.stepId] ?? 0) + 1;
        visits[event.stepId] = Math.max(visits[event.stepId] ?? 0, visit);
        const key = `${event.stepId}#${visit}`;
        if (key !== lastVisitKey) path.push(event.stepId);
        lastVisitKey = key;
        Object.assign(captures, event.captures);
        if (event.state) state = event.state;
        next = event.next;
        lastFinishedStep = event.stepId;
        open = undefined;
        break;
      }
      case 'choice':
        // The operator sent a finished step elsewhere than its branch (a choice after its
        // step-finished; an `ask` step's choice comes while it is open, before its own).
        if (!open && event.by === 'operator' && lastFinished?.stepId === event.stepId) next = event.target;
        break;
      case 'run-finished':
        finished = event;
        break;
    }
  }
  if (!started) throw new Error('the journal has no run-started event: the run was stopped before it began; run it again');
  // An aborted run (Ctrl-C, `q`) stays resumable: at the step it interrupted, else after the last one.
  if (finished?.outcome === 'aborted') {
    finished = undefined;
    if (lastFinished && lastFinished.next === null && lastFinished.message === 'interrupted') {
      open = { stepId: lastFinished.stepId, visit: visits[lastFinished.stepId] ?? 1 };
    }
  }

  const vars: Record<string, string> = {};
  const maskedCaptures: string[] = [];
  for (const [name, value] of Object.entries({ ...inputs, ...captures })) {
    if (value.includes(MASK)) maskedCaptures.push(name);
    else vars[name] = value;
  }
  const start: RunStart = { vars, visits, path };
  if (state) start.state = { env: withoutMasked(state.env), cwd: state.cwd };
  const stepId = open?.stepId ?? next ?? undefined;
  if (stepId) start.stepId = stepId;

  const point: ResumePoint = {
    runId: started.runId,
    runbook: started.runbook,
    sha256: started.sha256,
    mode: started.mode,
    inputs,
    start,
    finished: Boolean(finished),
    endedAfterLastStep: !finished && !open && next === null,
    maskedCaptures,
  };
  if (started.scenario) point.scenario = started.scenario;
  if (world) point.world = world;
  if (open) point.interruptedStep = open.stepId;
  if (lastFinishedStep) point.lastFinishedStep = lastFinishedStep;
  if (finished) point.outcome = finished.outcome;
  return point;
}

/** Exported variables whose values were masked are left out (the shell would get `••••••`). */
function withoutMasked(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => !value.includes(MASK)));
}
