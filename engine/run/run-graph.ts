/**
 * Runs a step graph: an async stream of `RunEvent`s, masked, with no console code. Commands go
 * through the executor (real bash, or a rehearsal scenario); decisions go through the operator
 * (a person in the TUI, or flags when unattended). Semantics: SPEC §2 and docs/running.md.
 *
 * The walker only: a loop over the run's state (`run-state.ts`) that hands each step to the
 * file of its kind (`command-step.ts`, `ask-step.ts`, `manual-step.ts`, `control-step.ts`).
 */
import { hostname, userInfo } from 'node:os';
import type { RunEvent } from '../contracts/run-event.js';
import type { RunOptions } from '../contracts/run-seams.js';
import type { Step } from '../contracts/step-graph.js';
import { runAskStep } from './ask-step.js';
import { runCommandStep } from './command-step.js';
import { runControlStep } from './control-step.js';
import { createEventQueue, type EventQueue } from './create-event-queue.js';
import { acceptInputChanges, applyInputChanges } from './input-changes.js';
import { runManualStep } from './manual-step.js';
import { createRunContext, OperatorRefused, RunInterrupted, type Flow, type RunContext, type RunEnd } from './run-context.js';
import { createRunState, isSecret } from './run-state.js';

export { LIVE_OUTPUT_LIMIT } from './execute-command.js';

const HINT_INTERVAL_MS = 500;

export async function* runGraph(options: RunOptions): AsyncGenerator<RunEvent> {
  const queue = createEventQueue<RunEvent>();
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  void drive(options, queue, stop.signal).then(
    () => queue.close(),
    (error: unknown) => queue.close(error),
  );
  try {
    yield* queue;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // The consumer left (or the run ended): stop whatever still runs.
    stop.abort();
  }
}

async function drive(options: RunOptions, queue: EventQueue<RunEvent>, stopSignal: AbortSignal): Promise<void> {
  const context = createRunContext(options, createRunState(options), queue, stopSignal);
  // Operator notes (the TUI's `n`) join the stream, so the journal and the report keep them.
  if (options.controls) {
    options.controls.note = (text, stepId) => context.emit(stepId === undefined ? { type: 'note', text } : { type: 'note', text, stepId });
  }
  acceptInputChanges(context);
  const startedAt = Date.now();
  const hintTimer = options.hints
    ? setInterval(() => {
        for (const text of options.hints!(Date.now() - startedAt)) context.emit({ type: 'hint', text });
      }, HINT_INTERVAL_MS)
    : undefined;
  context.emit(runStarted(context));
  let end: RunEnd;
  try {
    end = await walk(context);
  } catch (error) {
    if (error instanceof RunInterrupted) end = { outcome: 'aborted', message: 'interrupted', interrupted: true };
    else if (error instanceof OperatorRefused) end = { outcome: 'aborted', message: error.message, interrupted: true };
    else throw error;
  } finally {
    if (hintTimer) clearInterval(hintTimer);
  }
  context.emit({ type: 'run-finished', outcome: end.outcome, ...(end.message ? { message: end.message } : {}), ...(end.interrupted ? { interrupted: true } : {}) });
}

/** The loop: from the first (or resume) step, each step by its kind, until a flow ends the run. */
async function walk(context: RunContext): Promise<RunEnd> {
  const { graph, positions, visits } = context.state;
  const resumeAt = context.options.start?.stepId;
  let current: Step | undefined = resumeAt !== undefined ? graph.steps[positions.get(resumeAt) ?? -1] : graph.steps[0];
  if (resumeAt !== undefined && !current) return { outcome: 'failed', message: `Cannot resume at unknown step \`${resumeAt}\`` };
  let retrying = false;
  while (current) {
    if (context.stopSignal.aborted) throw new RunInterrupted();
    const step: Step = current;
    applyInputChanges(context);
    // An operator's "retry" after a failure is not a new visit.
    if (!retrying) {
      const visit = (visits[step.id] ?? 0) + 1;
      if (visit > step.maxVisits) return { outcome: 'failed', message: `Step \`${step.id}\` was visited ${visit} times, more than its max-visits ${step.maxVisits}` };
      visits[step.id] = visit;
    }
    const flow = await runStep(context, step, visits[step.id]!);
    if (flow.kind === 'end') return { outcome: flow.outcome, ...(flow.message ? { message: flow.message } : {}), ...(flow.interrupted ? { interrupted: true } : {}) };
    retrying = flow.kind === 'retry';
    if (flow.kind === 'step') current = flow.step;
  }
  return { outcome: 'completed' };
}

function runStep(context: RunContext, step: Step, visit: number): Promise<Flow> | Flow {
  switch (step.kind) {
    case 'command':
      return runCommandStep(context, step, visit);
    case 'ask':
      return runAskStep(context, step, visit);
    case 'manual':
      return runManualStep(context, step, visit);
    default:
      return runControlStep(context, step, visit);
  }
}

function runStarted(context: RunContext): Omit<Extract<RunEvent, { type: 'run-started' }>, 'time'> {
  const { options, state } = context;
  const user = safe(() => userInfo().username);
  return {
    type: 'run-started',
    runId: options.runId,
    runbook: state.graph.file,
    sha256: options.sha256,
    title: state.graph.title,
    mode: options.mode,
    ...(options.scenario ? { scenario: options.scenario } : {}),
    ...(options.timeScale !== undefined && options.timeScale !== 1 ? { timeScale: options.timeScale } : {}),
    inputs: Object.fromEntries(Object.entries(options.inputs).filter(([name]) => !isSecret(state, name))),
    ...(options.resumedFrom ? { resumedFrom: options.resumedFrom } : {}),
    // Its steps were lifted from prose: `resume` rebuilds the graph with lifting (docs/lifting.md).
    ...(state.graph.steps.some((step) => step.lifted) ? { lift: true } : {}),
    ...(user ? { user } : {}),
    host: hostname(),
  };
}

function safe<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
