// One symbol and one word per state; correct after resume; a refused DANGER step; `g`'s ranking.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { applyHistory } from '../../engine/tui/apply-history.js';
import { filterSteps } from '../../engine/tui/filter-steps.js';
import { initialTuiState, runReducer } from '../../engine/tui/run-reducer.js';
import { summaryLine } from '../../engine/tui/summary-line.js';
import { STATE_ICONS, STATE_WORDS } from '../../engine/tui/theme.js';
import type { Effect, KeyInfo, PromptRequest, StepView, TuiAction, TuiState } from '../../engine/tui/tui-state.js';
import { at, graph, runStarted, stepFinished, stepStarted } from './tui-fixtures.js';

const fresh = (): TuiState => initialTuiState(graph(), 'live');
/** Actions in order, with the effects each queued (the store would perform them). */
function apply(state: TuiState, ...actions: TuiAction[]): TuiState & { performed: Effect[] } {
  const performed: Effect[] = [];
  let next = state;
  for (const action of actions) {
    next = runReducer(next, action);
    performed.push(...next.effects);
    next = runReducer(next, { type: 'effects-done' });
  }
  return Object.assign(next, { performed });
}
const key = (input: string, info: KeyInfo = {}): TuiAction => ({ type: 'key', input, key: info });
const type = (text: string): TuiAction[] => [...text].map((char) => key(char));
const enter = key('', { return: true });
const esc = key('', { escape: true });
const event = (value: RunEvent): TuiAction => ({ type: 'event', event: value });
const open = (prompt: PromptRequest): TuiAction => ({ type: 'open-prompt', prompt });
const states = (state: TuiState): Record<string, string> => Object.fromEntries(state.steps.map((s) => [s.id, s.state]));

describe('step states', () => {
  it('has one symbol and one word for each state, none shared', () => {
    const icons = Object.values(STATE_ICONS);
    expect(new Set(icons).size).toBe(icons.length);
    expect(STATE_WORDS).toMatchObject({ passed: 'passed', failed: 'failed', handled: 'handled by a branch', skipped: 'skipped', 'not-taken': 'not taken', interrupted: 'interrupted', 'not-reached': 'not reached' });
  });

  it('handled by a branch, a failed step skipped, interrupted, not reached', () => {
    let state = apply(fresh(), event(runStarted()), event(stepStarted('pods')), event(stepFinished('pods', 'health', { exitCode: 1, handled: true })));
    expect(states(state).pods).toBe('handled');
    state = apply(state, event(stepStarted('health')), event(stepFinished('health', null, { status: 'failed', exitCode: 7 })));
    expect(states(state).health).toBe('failed');
    state = apply(state, event({ type: 'choice', time: at(3), stepId: 'health', choice: 'skip', target: 'crashloop', by: 'operator' }));
    expect(states(state).health).toBe('skipped');
    state = apply(state, event(stepStarted('crashloop')), event({ type: 'run-finished', time: at(4), outcome: 'failed' }));
    expect(states(state)).toEqual({ pods: 'handled', health: 'skipped', crashloop: 'interrupted', restart: 'not-reached' });
    expect(summaryLine(state, 'failed')).toBe('outcome: failed · 0 passed, 0 failed, 1 handled by a branch, 1 skipped, 1 interrupted · 4.0s');
  });

  it('the step about to run is pending, whatever a branch said of it before', () => {
    let state = apply(fresh(), event(runStarted()), event(stepStarted('pods')), event(stepFinished('pods', 'crashloop')));
    expect(states(state).health).toBe('not-taken');
    state = apply(state, open({ kind: 'before-step', id: 1, stepId: 'health', command: 'curl' }));
    expect(states(state).health).toBe('pending');
  });

  it('no resume hint for a run without a journal', () => {
    const state = apply(fresh(), event({ ...(runStarted() as Extract<RunEvent, { type: 'run-started' }>), runId: 'run-9' }), event({ type: 'run-finished', time: at(1), outcome: 'aborted' }));
    expect(summaryLine(state, 'aborted')).toContain('resume: runbook resume run-9');
    expect(summaryLine(state, 'aborted', false)).not.toContain('resume');
  });
});

describe('after resume', () => {
  it('earlier steps show what they did, from the journal; the step left running shows interrupted', () => {
    const history: RunEvent[] = [
      runStarted(),
      stepStarted('pods'),
      { type: 'output', time: at(1), stepId: 'pods', stream: 'stdout', text: 'agent-7d9f8c-xyz CrashLoopBackOff\n' },
      stepFinished('pods', 'crashloop'),
      stepStarted('crashloop'),
      { type: 'run-finished', time: at(3), outcome: 'aborted' },
    ];
    const state = applyHistory(fresh(), history);
    expect(states(state)).toEqual({ pods: 'passed', health: 'not-taken', crashloop: 'interrupted', restart: 'pending' });
    expect(state.outcome).toBeUndefined();
    expect(state.running).toBe(false);
    expect(state.scrollback.lines).toContain('agent-7d9f8c-xyz CrashLoopBackOff');
  });
});

describe('a DANGER step', () => {
  const asked = open({ kind: 'before-step', id: 4, stepId: 'restart', command: 'kubectl rollout restart deployment/agent', phrase: 'restart agent' });

  it('asks for its phrase after Enter, then runs', () => {
    let state = apply(fresh(), asked, enter);
    expect(state.prompt).toMatchObject({ kind: 'confirm', phrase: 'restart agent' });
    state = apply(state, ...type('restart agent'), enter);
    expect(state.performed).toEqual([{ kind: 'answer', promptId: 4, value: { action: 'run' } }]);
  });

  it('refused (Esc) offers skip, go to and stop, and ends nothing by itself', () => {
    let state = apply(fresh(), asked, enter, esc);
    expect(state.prompt).toMatchObject({ kind: 'refused', stepId: 'restart' });
    expect(state.performed).toEqual([]);
    expect(apply(state, key('s')).performed).toEqual([{ kind: 'answer', promptId: 4, value: { action: 'skip' } }]);
    expect(apply(state, key('x')).performed).toEqual([{ kind: 'answer', promptId: 4, value: { action: 'quit' } }]);
    state = apply(state, key('g'), ...type('health'), enter);
    expect(state.performed).toEqual([{ kind: 'answer', promptId: 4, value: { action: 'goto', stepId: 'health' } }]);
  });
});

describe('g ranks matches', () => {
  const view = (id: string, title: string): StepView => ({ id, title, section: '', sectionTitle: '', state: 'pending', attempt: 0 });
  it('whole words first, then word starts, then inside words; document order otherwise', () => {
    const steps = [view('a', 'Restore the backup'), view('b', 'Check pods restarted'), view('c', 'Restart the agent'), view('d', 'Warm restart')];
    expect(filterSteps(steps, 'restart').map((step) => step.id)).toEqual(['c', 'd', 'b']);
    expect(filterSteps(steps, 'rest').map((step) => step.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(filterSteps(steps, 'tart').map((step) => step.id)).toEqual(['b', 'c', 'd']);
  });
});
