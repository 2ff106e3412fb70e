/** A `manual` step: the operator confirms it is done; not done is a failure (`on-failure` applies). */
import type { Step } from '../contracts/step-graph.js';
import { failStep } from './on-failure.js';
import { decide, endOrNext, finishStep, startStep, type Flow, type RunContext } from './run-context.js';

export async function runManualStep(context: RunContext, step: Step, visit: number): Promise<Flow> {
  const { operator } = context.options;
  startStep(context, step, visit);
  const started = Date.now();
  const done = await decide(context, () => operator.manual(step));
  if (!done) return failStep(context, step, 'the operator did not confirm it was done', { durationMs: Date.now() - started });
  if (operator.kind === 'unattended') {
    context.emit({
      type: 'warning',
      stepId: step.id,
      message: `Manual step \`${step.id}\` (“${step.manual ?? step.title}”) needs a person; the unattended run counts it as done`,
    });
  }
  const flow = endOrNext(context, step);
  finishStep(context, step, flow, { status: 'passed', durationMs: Date.now() - started });
  return flow;
}
