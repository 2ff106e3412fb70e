import type { RunEvent } from '../contracts/run-event.js';
import { appendLine } from './append-output.js';
import { applyOutput, applyRunEvent } from './apply-run-event.js';
import type { TuiState } from './tui-state.js';

/**
 * A resumed run starts from what the journal says the earlier run(s) did: each step's state,
 * results and output, as they were; a step left running shows `interrupted`.
 */
export function applyHistory(state: TuiState, events: readonly RunEvent[]): TuiState {
  if (events.length === 0) return state;
  let next = state;
  for (const event of events) {
    if (event.type === 'run-started' || event.type === 'run-finished') continue;
    next = event.type === 'output' ? applyOutput(next, event.text) : applyRunEvent(next, event);
  }
  return {
    ...next,
    steps: next.steps.map((step) => (step.state === 'running' ? { ...step, state: 'interrupted' } : step)),
    running: false,
    cancelRequested: false,
    scroll: 0,
    messages: [],
    scrollback: appendLine(next.scrollback, '── resumed: the output above is from the journal ──'),
  };
}
