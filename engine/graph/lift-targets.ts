import type { Draft } from './draft-steps.js';
import { firstDraftFrom } from './first-draft-from.js';
import type { Step, Target } from '../contracts/step-graph.js';

/**
 * Lifted steps (`--lift`) point at places, not ids: "No" skips the consequence of an "If …", an
 * option's last step goes past the other options. Now that ids exist, each place becomes the
 * first step at or after it (the end of the run, `completed`, when there is none).
 */
export function wireLiftedTargets(steps: Step[], drafts: Draft[]): void {
  const firstFrom = (offset: number): Target => {
    const draft = firstDraftFrom(drafts, offset);
    return draft ? { kind: 'step', id: draft.id } : { kind: 'end', outcome: 'completed' };
  };
  drafts.forEach((draft, index) => {
    const step = steps[index]!;
    if (draft.fence?.lifted || draft.annotation?.origin === 'lifted') step.lifted = true;
    const targets = draft.annotation?.origin === 'lifted' ? draft.annotation.liftTargets : undefined;
    if (!targets) return;
    for (const [label, offset] of Object.entries(targets)) {
      const target = firstFrom(offset);
      const raw = target.kind === 'step' ? target.id : 'end:completed';
      if (label === 'goto' && step.kind === 'goto') step.goto = target;
      const choice = step.ask?.choices.find((entry) => entry.label === label);
      if (choice) Object.assign(choice, { target, raw });
    }
  });
}
