/** `goto` and `end` steps (and any step with nothing to run): they only say where the run goes. */
import type { Step } from '../contracts/step-graph.js';
import { describeTarget } from './judge-step.js';
import { endOrNext, finishStep, resolveTarget, startStep, type Flow, type RunContext } from './run-context.js';

export function runControlStep(context: RunContext, step: Step, visit: number): Flow {
  startStep(context, step, visit);
  if (step.kind === 'goto' && step.goto) {
    const flow = resolveTarget(context, step.goto, step);
    const target = describeTarget(step.goto);
    finishStep(context, step, flow, { status: 'passed', branch: { target, reason: `goto ${target}` } });
    return flow;
  }
  const flow = endOrNext(context, step);
  finishStep(context, step, flow, { status: 'passed' });
  return flow;
}
