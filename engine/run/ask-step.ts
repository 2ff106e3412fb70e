/** An `ask` step: the operator picks one of its choices, which says where the run goes. */
import type { Step } from '../contracts/step-graph.js';
import { chooser, decide, finishStep, resolveTarget, startStep, type Flow, type RunContext } from './run-context.js';

export async function runAskStep(context: RunContext, step: Step, visit: number): Promise<Flow> {
  startStep(context, step, visit);
  const started = Date.now();
  const answer = await decide(context, () => context.options.operator.ask(step));
  const choices = step.ask?.choices ?? [];
  const choice = choices.find((candidate) => candidate.label.toLowerCase() === answer.trim().toLowerCase());
  if (!choice) {
    const message = `Answer \`${answer}\` to \`${step.id}\` is not one of ${choices.map((candidate) => `\`${candidate.label}\``).join(', ')}`;
    const flow: Flow = { kind: 'end', outcome: 'failed', message };
    finishStep(context, step, flow, { status: 'failed', message, durationMs: Date.now() - started });
    return flow;
  }
  const flow = resolveTarget(context, choice.target, step);
  context.emit({ type: 'choice', stepId: step.id, choice: choice.label, target: choice.raw, by: chooser(context) });
  finishStep(context, step, flow, {
    status: 'passed',
    branch: { target: choice.raw, reason: `answered “${choice.label}” → ${choice.raw}` },
    durationMs: Date.now() - started,
  });
  return flow;
}
