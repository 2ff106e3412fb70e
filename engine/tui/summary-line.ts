import { formatCompactDuration } from './format-duration.js';
import type { TuiState } from './tui-state.js';

/** `outcome: resolved · 4 passed, 0 failed, 1 skipped · 3m12s` (and how to resume when the run was left, if it was journaled). */
export function summaryLine(state: TuiState, outcome: string, journaled = true): string {
  const count = (status: string): number => state.steps.filter((step) => step.state === status).length;
  const parts = [`${count('passed')} passed`, `${count('failed')} failed`];
  for (const [state, word] of [['handled', 'handled by a branch'], ['skipped', 'skipped'], ['interrupted', 'interrupted']] as const) {
    if (count(state) > 0) parts.push(`${count(state)} ${word}`);
  }
  const elapsed = state.startedAt !== undefined && state.finishedAt !== undefined ? ` · ${formatCompactDuration(state.finishedAt - state.startedAt)}` : '';
  const resume = outcome === 'aborted' && journaled && state.runId ? ` · resume: runbook resume ${state.runId}` : '';
  return `outcome: ${outcome} · ${parts.join(', ')}${elapsed}${resume}`;
}
