/**
 * A scenario's `decisions:` (step id → list): what the operator decided at a step, in the order
 * the run asked, so an unattended rehearsal (a replay) takes the same path as the recorded run,
 * its retries, skips, go-tos and branch overrides included.
 *
 * Each time a command step comes up it takes one entry (`run`, `skip`, `go to STEP`); after it
 * failed, one more (`retry`, `skip`, `go to STEP`, `stop`); after it passed, a `branch to STEP`
 * entry (only that) overrides its branch. An `ask` step takes a choice label per visit, a
 * `manual` step `done` or `not done` (then an after-failure entry). When a step's list is used
 * up, the unattended operator decides as without it.
 */
import type { Step, StepGraph } from '../contracts/step-graph.js';
import type { AfterFailure, BeforeStep, Operator } from '../contracts/run-seams.js';

export type Decision =
  | { kind: 'run' | 'skip' | 'retry' | 'stop' | 'done' | 'not-done' }
  | { kind: 'goto' | 'branch'; stepId: string }
  | { kind: 'label'; label: string };

/** Reads one entry (keywords ignore case; anything else is a choice label). */
export function parseDecision(text: string): Decision {
  const word = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (word === 'run' || word === 'skip' || word === 'retry' || word === 'stop' || word === 'done') return { kind: word };
  if (word === 'not done') return { kind: 'not-done' };
  const target = /^(go to|branch to) (\S+)$/.exec(text.trim().replace(/\s+/g, ' '));
  if (target && /^(go to|branch to)$/i.test(target[1]!)) return { kind: target[1]!.toLowerCase() === 'go to' ? 'goto' : 'branch', stepId: target[2]! };
  return { kind: 'label', label: text };
}

/** The words a step of this kind accepts, for messages (`ask`: its labels). */
export function decisionWords(step: Step): string[] {
  const failure = ['retry', 'skip', 'go to STEP', 'stop'];
  if (step.kind === 'command') return ['run', 'branch to STEP', ...failure];
  if (step.kind === 'manual') return ['done', 'not done', ...failure];
  if (step.kind === 'ask') return step.ask?.choices.map((choice) => choice.label) ?? [];
  return [];
}

/** Why an entry cannot be a decision at this step (undefined when it can). */
export function decisionProblem(step: Step, text: string, graph: StepGraph): string | undefined {
  const decision = parseDecision(text);
  const words = decisionWords(step);
  const expected = words.length > 0 ? `, expected ${words.map((w) => `\`${w}\``).join(', ')}` : '';
  if (step.kind === 'ask') {
    return step.ask?.choices.some((choice) => choice.label === text) ? undefined : `Unexpected decision \`${text}\` for \`${step.id}\`${expected}`;
  }
  const fits =
    step.kind === 'command'
      ? decision.kind !== 'label' && decision.kind !== 'done' && decision.kind !== 'not-done'
      : step.kind === 'manual' && decision.kind !== 'label' && decision.kind !== 'run' && decision.kind !== 'branch';
  if (!fits) return step.kind === 'command' || step.kind === 'manual' ? `Unexpected decision \`${text}\` for \`${step.id}\`${expected}` : `Unexpected decisions for \`${step.id}\`: a \`${step.kind}\` step decides nothing`;
  if ((decision.kind === 'goto' || decision.kind === 'branch') && !graph.steps.some((s) => s.id === decision.stepId)) {
    return `Unexpected target \`${decision.stepId}\` in \`${text}\`, expected a step id`;
  }
  return undefined;
}

/**
 * The unattended operator, following `decisions` step by step in order (each entry is used
 * once); without entries left at a step, `operator` decides.
 */
export function withDecisions(operator: Operator, decisions: Record<string, string[]> | undefined, usedBefore: Map<string, unknown[]> = new Map()): Operator {
  if (!decisions || Object.keys(decisions).length === 0) return operator;
  // A resumed drill: the entries the earlier runs used (`usedBefore`: step id → their decisions) are not used again.
  const used = new Map([...usedBefore].map(([stepId, entries]) => [stepId, entries.length]));
  const peek = (stepId: string): Decision | undefined => {
    const text = decisions[stepId]?.[used.get(stepId) ?? 0];
    return text === undefined ? undefined : parseDecision(text);
  };
  /** The step's next entry when it is one of `kinds` (then it is used up). */
  const take = (stepId: string, kinds: Decision['kind'][]): Decision | undefined => {
    const next = peek(stepId);
    if (!next || !kinds.includes(next.kind)) return undefined;
    used.set(stepId, (used.get(stepId) ?? 0) + 1);
    return next;
  };
  return {
    ...operator,
    beforeStep(step: Step, command: string): Promise<BeforeStep> {
      const next = take(step.id, ['run', 'skip', 'goto']);
      if (next?.kind === 'skip') return Promise.resolve({ action: 'skip' });
      if (next?.kind === 'goto') return Promise.resolve({ action: 'goto', stepId: next.stepId });
      return operator.beforeStep ? operator.beforeStep(step, command) : Promise.resolve({ action: 'run' });
    },
    afterFailure(step, result): Promise<AfterFailure> {
      const next = take(step.id, ['retry', 'skip', 'goto', 'stop']);
      if (next?.kind === 'goto') return Promise.resolve({ action: 'goto', stepId: next.stepId });
      if (next?.kind === 'retry' || next?.kind === 'skip' || next?.kind === 'stop') return Promise.resolve({ action: next.kind });
      return operator.afterFailure ? operator.afterFailure(step, result) : Promise.resolve({ action: 'stop' });
    },
    overrideBranch(step, chosen, reason) {
      const next = take(step.id, ['branch']);
      if (next?.kind === 'branch') return Promise.resolve(next.stepId);
      return operator.overrideBranch ? operator.overrideBranch(step, chosen, reason) : Promise.resolve(chosen);
    },
    ask(step) {
      const next = take(step.id, ['label', 'run', 'skip', 'retry', 'stop', 'done', 'not-done', 'goto', 'branch']);
      return next ? Promise.resolve(decisions[step.id]![used.get(step.id)! - 1]!) : operator.ask(step);
    },
    manual(step) {
      const next = take(step.id, ['done', 'not-done']);
      return next ? Promise.resolve(next.kind === 'done') : operator.manual(step);
    },
  };
}
