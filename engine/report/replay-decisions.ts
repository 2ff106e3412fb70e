import type { RunEvent } from '../contracts/run-event.js';

/**
 * The operator's decisions a recorded run holds, as a scenario's `decisions:` (step id → list,
 * `rehearse/operator-decisions.ts`), for the steps where someone decided something an
 * unattended run would not: a command step skipped, sent elsewhere, retried, skipped or sent
 * elsewhere after a failure, its branch overridden; an `ask` step answered differently on
 * different visits; a manual step not done. Steps where nothing was decided get no list.
 */
export function replayDecisions(events: RunEvent[]): Record<string, string[]> {
  const lists = operatorEntries(events);
  const decisions: Record<string, string[]> = {};
  for (const [stepId, list] of lists) {
    const moved = list.some((entry) => isCommandWord(entry) && entry !== 'run' && entry !== 'done');
    const answeredDifferently = new Set(list.filter((entry) => !isCommandWord(entry))).size > 1;
    if (!moved && !answeredDifferently) continue;
    while (list.length > 0 && list.at(-1) === 'run') list.pop();
    decisions[stepId] = list;
  }
  return decisions;
}

/**
 * Every decision a run's events hold, per step, in order, defaults included (`run`, `done`):
 * what `decisions:` entries a drill used up, so a resumed drill goes on from the next one.
 */
export function operatorEntries(events: RunEvent[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  const push = (stepId: string, entry: string) => lists.set(stepId, [...(lists.get(stepId) ?? []), entry]);
  let open: { stepId: string; command: boolean; label?: string } | undefined;
  let last: { stepId: string; status: string } | undefined;
  for (const event of events) {
    if (event.type === 'step-started') {
      open = { stepId: event.stepId, command: event.command !== undefined };
    } else if (event.type === 'choice' && open?.stepId === event.stepId) {
      open.label = event.choice;
    } else if (event.type === 'choice' && last?.stepId === event.stepId) {
      if (last.status === 'failed') push(event.stepId, event.choice === 'goto' ? `go to ${event.target}` : event.choice);
      else push(event.stepId, `branch to ${event.choice}`);
    } else if (event.type === 'step-finished' && open?.stepId === event.stepId) {
      // A step the run was stopped in runs again on resume: that run is the one that counts.
      const entry = event.message === 'interrupted' ? undefined : entryOf(open, event);
      if (entry !== undefined) push(event.stepId, entry);
      last = { stepId: event.stepId, status: event.status };
      open = undefined;
    }
  }
  return lists;
}

/** What the operator did when the step came up (undefined for steps that decide nothing). */
function entryOf(open: { command: boolean; label?: string }, finished: Extract<RunEvent, { type: 'step-finished' }>): string | undefined {
  if (open.label !== undefined) return open.label;
  if (open.command) {
    if (finished.status !== 'skipped' || !finished.message?.startsWith('skipped by operator')) return 'run';
    const goto = /going to `([^`]+)`/.exec(finished.message);
    return goto ? `go to ${goto[1]}` : 'skip';
  }
  if (finished.message === 'the operator did not confirm it was done') return 'not done';
  return finished.status === 'passed' ? 'done' : undefined;
}

/** Words of command and manual steps (an `ask` step's list holds labels). */
function isCommandWord(entry: string): boolean {
  return /^(run|skip|retry|stop|done|not done|go to \S+|branch to \S+)$/.test(entry);
}
