/**
 * The one on-failure flow, for every step that can fail (commands, manual steps): the step
 * finishes `failed` with where its `on-failure` leads; with `stop` (the default) an operator who
 * can decide is asked (retry, skip, go to, stop), and the decision is a `choice` event.
 */
import type { ExecResponse } from '../contracts/run-seams.js';
import type { Step } from '../contracts/step-graph.js';
import {
  chooser,
  decide,
  finishStep,
  flowNext,
  nextAfter,
  resolveTarget,
  RunInterrupted,
  type FinishFields,
  type Flow,
  type RunContext,
} from './run-context.js';

export async function failStep(context: RunContext, step: Step, reason: string, fields: Omit<FinishFields, 'status' | 'message'> = {}): Promise<Flow> {
  const stopped: Flow = { kind: 'end', outcome: 'failed', message: `Step \`${step.id}\` failed: ${reason}` };
  const target = step.onFailure;
  // `step-finished.next` is what happens without the operator.
  const flow = target.kind === 'stop' ? stopped : resolveTarget(context, target, step);
  finishStep(context, step, flow, { ...fields, status: 'failed', message: reason });
  const { operator } = context.options;
  if (target.kind !== 'stop' || !operator.afterFailure) return flow;
  const decision = await decide(context, () => operator.afterFailure!(step, fields.result ?? emptyResult()));
  const chosen: Flow =
    decision.action === 'retry'
      ? { kind: 'retry' }
      : decision.action === 'skip'
        ? nextAfter(context, step)
        : decision.action === 'goto'
          ? resolveTarget(context, { kind: 'step', id: decision.stepId }, step)
          : stopped;
  context.emit({
    type: 'choice',
    stepId: step.id,
    choice: decision.action,
    target: chosen.kind === 'end' ? 'stop' : (flowNext(chosen, step) ?? 'end'),
    by: chooser(context),
  });
  return chosen;
}

/** The run was stopped while this step ran (or waited to retry): it finishes `interrupted`, so a resume runs it again. */
export function interruptStep(context: RunContext, step: Step, fields: Omit<FinishFields, 'status' | 'message'>): never {
  finishStep(context, step, { kind: 'end', outcome: 'aborted' }, { ...fields, status: 'failed', message: 'interrupted' });
  throw new RunInterrupted();
}

function emptyResult(): ExecResponse {
  return { exitCode: null, signal: null, timedOut: false, isCanceled: false, durationMs: 0, stdout: '', stderr: '', output: '', truncated: false, state: { env: {}, cwd: '' } };
}
