import type { Step, StepGraph } from '../contracts/step-graph.js';
import { placeholderAsWritten } from './input-lines.js';
import type { StepResult } from '../contracts/run-event.js';
import type { AfterFailure, BeforeStep, Operator } from '../contracts/run-seams.js';
import type { RunStore } from './create-run-store.js';
import type { Answer, PromptRequest } from './tui-state.js';

/** Raised into the runner when the operator leaves (`q`, a second Ctrl-C): the run ends `aborted`. */
export class OperatorLeftError extends Error {
  constructor() {
    super('The operator left the run');
    this.name = 'AbortError';
  }
}

export interface TuiOperator extends Operator {
  /** Resolves the prompt with this id (called by the store's `answer` effect). */
  settle(promptId: number, value: Answer): void;
  /** The operator left: every waiting and later question is refused. */
  leave(): void;
}

export interface TuiOperatorOptions {
  mask: (text: string) => string;
  /** The interrupted step of a resumed run: its first prompt says so. */
  resumeAt?: string;
  withTerminal<T>(run: () => Promise<T>): Promise<T>;
  /** The runbook (an input prompt says where the input is used). */
  graph?: StepGraph;
}

type Request = PromptRequest extends infer R ? (R extends PromptRequest ? Omit<R, 'id'> : never) : never;

/** The operator of a run in the TUI: each question becomes a prompt in the store, answered by keys. */
export function createTuiOperator(store: RunStore, options: TuiOperatorOptions): TuiOperator {
  let nextId = 1;
  let left = false;
  let resumeAt = options.resumeAt;
  /** DANGER steps whose phrase was typed at their before-step prompt. */
  const confirmed = new Set<string>();
  const waiting = new Map<number, { resolve(value: Answer): void; reject(error: Error): void; onLeave?: Answer }>();

  function prompt<T extends Answer>(request: Request, onLeave?: T): Promise<T> {
    if (left) return onLeave !== undefined ? Promise.resolve(onLeave) : Promise.reject(new OperatorLeftError());
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: Answer) => void, reject, onLeave });
      store.flush();
      store.dispatch({ type: 'open-prompt', prompt: { ...request, id } as PromptRequest });
    });
  }

  return {
    settle(promptId, value) {
      const waiter = waiting.get(promptId);
      if (!waiter) return;
      waiting.delete(promptId);
      waiter.resolve(value);
    },
    leave() {
      left = true;
      for (const [id, waiter] of waiting) {
        waiting.delete(id);
        if (waiter.onLeave !== undefined) waiter.resolve(waiter.onLeave);
        else waiter.reject(new OperatorLeftError());
      }
    },
    input(name, spec) {
      const step = options.graph?.steps.find((candidate) => candidate.id === spec.stepId);
      const written = step?.command ? placeholderAsWritten(step.command, name) : undefined;
      const context = step ? `${written ?? `$${name}`} for "${step.title}" (line ${step.position.start.line})` : undefined;
      const example = options.graph?.settings.inputs[name]?.example;
      return prompt<string>({
        kind: 'input',
        stepId: spec.stepId,
        name,
        secret: spec.secret,
        description: spec.description,
        ...(context ? { context } : {}),
        ...(example !== undefined ? { example } : {}),
        ...(spec.type === 'integer' ? { integer: true } : {}),
        ...(spec.choices ? { choices: spec.choices } : {}),
        // The runner asks again with the reason when the last answer did not fit.
        ...(spec.problem ? { error: spec.problem } : {}),
      });
    },
    beforeStep(step: Step, command: string) {
      const resumed = resumeAt === step.id;
      resumeAt = undefined;
      // A DANGER step's phrase is typed right after Enter; refused, the operator skips, goes to or stops.
      const phrase = step.confirm;
      return prompt<BeforeStep>({ kind: 'before-step', stepId: step.id, command: options.mask(command), resumed, ...(phrase !== undefined ? { phrase } : {}) }, { action: 'quit' }).then(
        (decision) => {
          if (decision.action === 'run' && phrase !== undefined) confirmed.add(step.id);
          return decision;
        },
      );
    },
    confirm(step: Step, phrase: string) {
      if (confirmed.delete(step.id)) return Promise.resolve(true);
      return prompt<boolean>({ kind: 'confirm', stepId: step.id, phrase });
    },
    ask(step: Step) {
      const choices = step.ask?.choices.map((choice) => choice.label) ?? [];
      return prompt<string>({ kind: 'ask', stepId: step.id, question: step.ask?.question ?? step.title, choices });
    },
    manual(step: Step) {
      return prompt<boolean>({ kind: 'manual', stepId: step.id, text: step.manual ?? step.title });
    },
    afterFailure(step: Step, result: StepResult) {
      void result;
      return prompt<AfterFailure>({ kind: 'after-failure', stepId: step.id });
    },
    overrideBranch(step: Step, chosen: string | null, reason: string) {
      // Only steps with branches have a choice to confirm; others go on at once.
      if (step.branch.length === 0 && !step.else) return Promise.resolve(chosen);
      return prompt<string | null>({ kind: 'override-branch', stepId: step.id, chosen, reason });
    },
    withTerminal: (run) => options.withTerminal(run),
  };
}
