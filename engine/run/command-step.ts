/**
 * A command step, up to the moment it runs: its missing inputs (a default, else the operator),
 * then the operator's say before it (edit, skip, go to, quit), then the confirmation of a
 * dangerous step. Running it, with its retries, is `runAttempts`.
 */
import { askInput } from './ask-input.js';
import { applyInputChanges } from './input-changes.js';
import type { Step } from '../contracts/step-graph.js';
import { rewritePlaceholders } from '../shell/text/rewrite-placeholders.js';
import { isJsStep } from '../shell/zx/js-step.js';
import { runAttempts } from './command-attempts.js';
import { decide, finishStep, nextAfter, resolveTarget, startStep, type Flow, type RunContext } from './run-context.js';
import { isSecret, setVar } from './run-state.js';

export async function runCommandStep(context: RunContext, step: Step, visit: number): Promise<Flow> {
  await fillInputs(context, step);
  const { operator } = context.options;
  // JavaScript is run as written: its values come from `process.env`.
  const rewrite = (text: string): string => (isJsStep(step) ? text : rewritePlaceholders(text));
  const written = rewrite(step.command ?? '');
  let command = written;
  if (operator.beforeStep) {
    const decision = await decide(context, () => operator.beforeStep!(step, written));
    if (decision.action === 'quit') return { kind: 'end', outcome: 'aborted', message: 'quit by operator', interrupted: true };
    if (decision.action === 'skip' || decision.action === 'goto') {
      const flow = decision.action === 'skip' ? nextAfter(context, step) : resolveTarget(context, { kind: 'step', id: decision.stepId }, step);
      startStep(context, step, visit, { command });
      const message = decision.action === 'skip' ? 'skipped by operator' : `skipped by operator, going to \`${decision.stepId}\``;
      finishStep(context, step, flow, { status: 'skipped', message });
      return flow;
    }
    if (decision.command !== undefined) command = rewrite(decision.command);
    // An input changed while the operator looked at the step: the step runs with the new value.
    applyInputChanges(context);
  }
  const edited = command !== written;

  if (step.confirm !== undefined) {
    const confirmed = await decide(context, () => operator.confirm(step, step.confirm!));
    if (!confirmed) {
      const flow: Flow = { kind: 'end', outcome: 'aborted', message: `Step \`${step.id}\` was not confirmed`, interrupted: true };
      startStep(context, step, visit, { command, ...(edited ? { edited } : {}) });
      finishStep(context, step, flow, { status: 'skipped', message: `not confirmed (the phrase is \`${step.confirm}\`)` });
      return flow;
    }
  }
  return runAttempts(context, step, visit, command, edited);
}

/** The inputs a step uses and nobody set: a declared default, else the operator is asked. */
async function fillInputs(context: RunContext, step: Step): Promise<void> {
  const { state } = context;
  for (const name of step.uses) {
    if (state.shell.env[name] !== undefined || state.vars[name] !== undefined) continue;
    const spec = state.graph.settings.inputs[name];
    const secret = isSecret(state, name) || spec?.secret === true;
    if (spec?.default !== undefined) {
      setVar(state, name, spec.default);
      context.emit({ type: 'input', name, ...(secret ? {} : { value: spec.default }), secret, source: 'default' });
      continue;
    }
    const value = await decide(context, () => askInput(context.options.operator, name, spec, { secret, stepId: step.id }));
    if (secret) state.secretNames.add(name);
    setVar(state, name, value);
    context.emit({ type: 'input', name, ...(secret ? {} : { value }), secret, source: 'prompt' });
  }
}
