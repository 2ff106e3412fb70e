/**
 * The operator of `--yes` runs: answers from `--input` and `--answer`, refuses what it cannot
 * answer (the run then stops with a message naming the flag to pass). `preflight` finds these
 * gaps before anything runs, so a refusal here is a last line of defence.
 */
import type { Step } from '../contracts/step-graph.js';
import type { Mode } from '../contracts/run-event.js';
import type { Operator } from '../contracts/run-seams.js';

export interface UnattendedOperatorOptions {
  inputs: Record<string, string>;
  /** `--answer STEP=CHOICE`: choice labels for `ask`, confirmation phrases, `done` for manual steps. */
  answers: Record<string, string>;
  mode: Mode;
}

const DONE = new Set(['done', 'yes', 'y', 'true']);

export function createUnattendedOperator(options: UnattendedOperatorOptions): Operator {
  const { inputs, answers, mode } = options;
  return {
    kind: 'unattended',
    input(name, spec) {
      const value = inputs[name];
      if (value !== undefined) return Promise.resolve(value);
      return Promise.reject(new Error(`Input \`${name}\` (step \`${spec.stepId}\`) is missing: pass --input ${name}=…`));
    },
    confirm(step, phrase) {
      // A rehearsal touches nothing real: dangerous steps are confirmed.
      if (mode === 'rehearsal') return Promise.resolve(true);
      return Promise.resolve(confirms(answers[step.id], phrase));
    },
    ask(step) {
      const answer = answers[step.id];
      const labels = step.ask?.choices.map((choice) => choice.label) ?? [];
      const choice = labels.find((label) => answer !== undefined && label.toLowerCase() === answer.trim().toLowerCase());
      if (choice !== undefined) return Promise.resolve(choice);
      const list = labels.map((label) => `\`${label}\``).join(', ');
      return Promise.reject(
        new Error(
          answer === undefined
            ? `Step \`${step.id}\` asks “${step.ask?.question ?? ''}”: pass --answer ${step.id}=CHOICE (one of ${list})`
            : `Answer \`${answer}\` to \`${step.id}\` is not one of ${list}`,
        ),
      );
    },
    manual(step: Step) {
      const answer = answers[step.id];
      // Unanswered manual steps count as done (they are instructions; the runner warns).
      return Promise.resolve(answer === undefined || DONE.has(answer.trim().toLowerCase()));
    },
  };
}

/** The confirmation phrase typed (case and surrounding space ignored); `yes` when `confirm: true`. */
export function confirms(answer: string | undefined, phrase: string): boolean {
  return answer !== undefined && answer.trim().toLowerCase() === phrase.trim().toLowerCase();
}
