/**
 * Inputs the operator changes during a run (the TUI's inputs panel): checked as `--input` is (a
 * name the shell treats as code is refused, the value must fit the input's `type` and
 * `choices`), journaled at once as an `input` event with `source: 'changed'` (no value when
 * secret), and used from the next step on: the running step keeps the value it started with.
 */
import { inputValueProblem } from '../graph/input-value-problem.js';
import { dangerousName } from '../shell/dangerous-names.js';
import type { RunContext } from './run-context.js';
import { isSecret, setVar } from './run-state.js';

const pending = new WeakMap<RunContext, Map<string, string>>();

/** Lets the operator change inputs through `controls.changeInput` (returns why a change is refused). */
export function acceptInputChanges(context: RunContext): void {
  const { controls } = context.options;
  if (!controls) return;
  const changes = new Map<string, string>();
  pending.set(context, changes);
  controls.changeInput = (name, value) => {
    const problem = changeProblem(context, name, value);
    if (problem !== undefined) return problem;
    const secret = isSecret(context.state, name) || context.state.graph.settings.inputs[name]?.secret === true;
    if (secret) {
      context.state.secretNames.add(name);
      context.state.masker.add([value]);
    }
    changes.set(name, value);
    context.emit({ type: 'input', name, ...(secret ? {} : { value }), secret, source: 'changed' });
    return undefined;
  };
}

/** The changes made since the last step: the next step and the ones after it see them. */
export function applyInputChanges(context: RunContext): void {
  const changes = pending.get(context);
  if (!changes || changes.size === 0) return;
  for (const [name, value] of changes) setVar(context.state, name, value);
  changes.clear();
}

function changeProblem(context: RunContext, name: string, value: string): string | undefined {
  const { graph } = context.state;
  const danger = dangerousName(name);
  if (danger) return `\`${name}\` cannot be an input: ${danger}`;
  const known = name in graph.settings.inputs || name in context.options.inputs || graph.steps.some((step) => step.uses.includes(name));
  if (!known) return `The runbook does not ask for \`${name}\``;
  if (value.includes('\0')) return `A value cannot hold a NUL character`;
  return inputValueProblem(graph.settings.inputs[name], value);
}
