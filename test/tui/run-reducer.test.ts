import { describe, expect, it } from 'vitest';
import { PAGE_ROWS } from '../../engine/tui/apply-key.js';
import { initialTuiState, runReducer } from '../../engine/tui/run-reducer.js';
import type { KeyInfo, PromptRequest, TuiAction, TuiState } from '../../engine/tui/tui-state.js';
import { graph, runStarted, stepFinished, stepStarted } from './tui-fixtures.js';

const fresh = (): TuiState => initialTuiState(graph(), 'live');
const apply = (state: TuiState, ...actions: TuiAction[]): TuiState => actions.reduce(runReducer, state);
const key = (input: string, info: KeyInfo = {}): TuiAction => ({ type: 'key', input, key: info });
const type = (text: string): TuiAction[] => [...text].map((char) => key(char));
const enter = key('', { return: true });
const esc = key('', { escape: true });
const open = (prompt: PromptRequest): TuiAction => ({ type: 'open-prompt', prompt });
const states = (state: TuiState): Record<string, string> => Object.fromEntries(state.steps.map((s) => [s.id, s.state]));

describe('runReducer: run events', () => {
  it('follows steps through running, passed and branch not taken', () => {
    let state = apply(fresh(), { type: 'event', event: runStarted() }, { type: 'event', event: stepStarted('pods') });
    expect(state.running).toBe(true);
    expect(states(state)).toEqual({ pods: 'running', health: 'pending', crashloop: 'pending', restart: 'pending' });
    state = apply(
      state,
      {
        type: 'event',
        event: stepFinished('pods', 'crashloop', {
          branch: { target: 'crashloop', reason: 'stdout matched /CrashLoopBackOff/ → crashloop' },
          captures: { POD: 'agent-7d9f8c-xyz' },
        }),
      },
    );
    expect(state.running).toBe(false);
    expect(state.lastFinishedId).toBe('pods');
    // `health` lies between the branch and its target: not taken.
    expect(states(state)).toEqual({ pods: 'passed', health: 'not-taken', crashloop: 'pending', restart: 'pending' });
    state = apply(state, { type: 'event', event: { type: 'run-finished', time: runStarted().time, outcome: 'escalated' } });
    expect(state.outcome).toBe('escalated');
    // Never reached: said so, not 'not taken' (no branch jumped over it).
    expect(states(state).restart).toBe('not-reached');
  });

  it("shows an operator's choice after a finished step as that step's branch, the steps skipped before the new target", () => {
    let state = apply(
      fresh(),
      { type: 'event', event: runStarted() },
      { type: 'event', event: stepStarted('pods') },
      { type: 'event', event: stepFinished('pods', 'crashloop', { branch: { target: 'crashloop', reason: 'stdout matched /CrashLoopBackOff/' } }) },
    );
    expect(states(state)).toEqual({ pods: 'passed', health: 'not-taken', crashloop: 'pending', restart: 'pending' });
    state = apply(state, { type: 'event', event: { type: 'choice', time: runStarted().time, stepId: 'pods', choice: 'health', target: 'health', by: 'operator' } });
    expect(states(state)).toEqual({ pods: 'passed', health: 'pending', crashloop: 'pending', restart: 'pending' });
    expect(state.steps[0]!.finished).toMatchObject({ next: 'health', branch: { target: 'health', reason: 'stdout matched /CrashLoopBackOff/; operator chose health' } });
    state = apply(state, { type: 'event', event: { type: 'choice', time: runStarted().time, stepId: 'pods', choice: 'restart', target: 'restart', by: 'operator' } });
    expect(states(state)).toEqual({ pods: 'passed', health: 'not-taken', crashloop: 'not-taken', restart: 'pending' });
  });

  it('keeps unvisited steps pending when the run is left to be resumed', () => {
    const state = apply(fresh(), { type: 'event', event: { type: 'run-finished', time: runStarted().time, outcome: 'aborted' } });
    expect(states(state).pods).toBe('pending');
  });

  it('records the command as run and whether it was edited', () => {
    const state = apply(fresh(), { type: 'event', event: stepStarted('pods', 1, { command: 'kubectl get pods -A', edited: true }) });
    expect(state.steps[0]).toMatchObject({ command: 'kubectl get pods -A', edited: true, state: 'running' });
  });

  it('appends output to a bounded scrollback with a rule per step', () => {
    let state = initialTuiState(graph(), 'live', { scrollbackLines: 5 });
    state = apply(state, { type: 'event', event: stepStarted('pods') }, { type: 'output', stepId: 'pods', text: 'a\nb\nc\nd\ne\nf\ng\npartial' });
    expect(state.scrollback.lines).toEqual(['c', 'd', 'e', 'f', 'g']);
    expect(state.scrollback.partial).toBe('partial');
    expect(state.scrollback.dropped).toBe(3);
    const first = apply(fresh(), { type: 'event', event: stepStarted('pods') });
    expect(first.scrollback.lines).toEqual(['── pods ──']);
  });

  it('keeps the scrolled view still while output arrives', () => {
    let state = apply(fresh(), { type: 'output', stepId: 'pods', text: Array.from({ length: 30 }, (_, i) => `line ${i}\n`).join('') });
    state = apply(state, key('', { pageUp: true }));
    expect(state.scroll).toBe(PAGE_ROWS);
    state = apply(state, { type: 'output', stepId: 'pods', text: 'more\nand more\n' });
    expect(state.scroll).toBe(PAGE_ROWS + 2);
    state = apply(state, key('', { end: true }));
    expect(state.scroll).toBe(0);
  });

  it('shows hints, warnings and operator choices as messages', () => {
    const state = apply(
      fresh(),
      { type: 'event', event: { type: 'hint', time: runStarted().time, text: 'Read the previous logs.' } },
      { type: 'event', event: { type: 'choice', time: runStarted().time, stepId: 'pods', choice: 'health', target: 'health', by: 'operator' } },
    );
    expect(state.messages).toEqual([
      { kind: 'hint', text: 'Read the previous logs.' },
      { kind: 'info', text: 'Chose health → Check the health endpoint' },
    ]);
  });
});

describe('runReducer: keys on prompts', () => {
  it('Enter runs, s skips, e edits the command before it runs', () => {
    const before = open({ kind: 'before-step', id: 1, stepId: 'pods', command: 'kubectl get pods' });
    expect(apply(fresh(), before, enter).effects).toEqual([{ kind: 'answer', promptId: 1, value: { action: 'run' } }]);
    expect(apply(fresh(), before, key('s')).effects).toEqual([{ kind: 'answer', promptId: 1, value: { action: 'skip' } }]);
    let state = apply(fresh(), before, key('e'));
    expect(state.overlay).toEqual({ kind: 'edit', field: { text: 'kubectl get pods', cursor: 16 } });
    state = apply(state, ...type(' -A'), key('', { home: true }), key('', { delete: true }), enter);
    expect(state.effects).toEqual([{ kind: 'answer', promptId: 1, value: { action: 'run', command: 'kubectl get pods -A' } }]);
    expect(state.prompt).toBeUndefined();
    // An edit left unchanged is a plain run; Esc goes back to the prompt.
    expect(apply(fresh(), before, key('e'), enter).effects).toEqual([{ kind: 'answer', promptId: 1, value: { action: 'run' } }]);
    expect(apply(fresh(), before, key('e'), esc).prompt?.kind).toBe('before-step');
  });

  it('Ctrl-O in the editor asks for $EDITOR; its text comes back into the field', () => {
    const before = open({ kind: 'before-step', id: 1, stepId: 'pods', command: 'line one' });
    let state = apply(fresh(), before, key('e'), key('o', { ctrl: true }));
    expect(state.effects).toEqual([{ kind: 'open-editor', text: 'line one' }]);
    state = apply({ ...state, effects: [] }, { type: 'edited-text', text: 'line one\nline two' }, enter);
    expect(state.effects).toEqual([{ kind: 'answer', promptId: 1, value: { action: 'run', command: 'line one\nline two' } }]);
  });

  it('refuses a dangerous step until the phrase is typed exactly; Esc refuses', () => {
    const confirm = open({ kind: 'confirm', id: 2, stepId: 'restart', phrase: 'restart agent' });
    let state = apply(fresh(), confirm, ...type('yes'), enter);
    expect(state.effects).toEqual([]);
    expect(state.prompt).toMatchObject({ kind: 'confirm', error: expect.stringContaining('restart agent') });
    state = apply(state, ...type('restart agent'), enter);
    expect(state.effects).toEqual([{ kind: 'answer', promptId: 2, value: true }]);
    expect(apply(fresh(), confirm, esc).effects).toEqual([{ kind: 'answer', promptId: 2, value: false }]);
    // Keys that are commands elsewhere are text here.
    expect(apply(fresh(), confirm, key('q')).quitting).toBe(false);
  });

  it('asks for a missing input, masked when secret, and insists on a value', () => {
    const input = open({ kind: 'input', id: 3, stepId: 'pods', name: 'TOKEN', secret: true });
    let state = apply(fresh(), input, enter);
    expect(state.prompt).toMatchObject({ error: 'Type a value, then Enter.' });
    state = apply(state, ...type('s3cr'), key('', { backspace: true }), ...type('et'), enter);
    expect(state.effects).toEqual([{ kind: 'answer', promptId: 3, value: 's3cet' }]);
  });

  it('chooses an ask choice with arrows, digits or Enter', () => {
    const ask = open({ kind: 'ask', id: 4, stepId: 'pods', question: 'Is the broker up?', choices: ['Yes', 'No', 'Not sure'] });
    expect(apply(fresh(), ask, key('', { downArrow: true }), key('', { downArrow: true }), enter).effects).toEqual([
      { kind: 'answer', promptId: 4, value: 'Not sure' },
    ]);
    expect(apply(fresh(), ask, key('2')).effects).toEqual([{ kind: 'answer', promptId: 4, value: 'No' }]);
  });

  it('answers a manual step done or not done', () => {
    const manual = open({ kind: 'manual', id: 5, stepId: 'pods', text: 'Page the secondary' });
    expect(apply(fresh(), manual, enter).effects).toEqual([{ kind: 'answer', promptId: 5, value: true }]);
    expect(apply(fresh(), manual, key('', { downArrow: true }), enter).effects).toEqual([{ kind: 'answer', promptId: 5, value: false }]);
  });

  it('after a failure: r retries, s skips, x stops, g goes to a picked step', () => {
    const failed = open({ kind: 'after-failure', id: 6, stepId: 'pods' });
    expect(apply(fresh(), failed, key('r')).effects).toEqual([{ kind: 'answer', promptId: 6, value: { action: 'retry' } }]);
    expect(apply(fresh(), failed, key('s')).effects).toEqual([{ kind: 'answer', promptId: 6, value: { action: 'skip' } }]);
    expect(apply(fresh(), failed, key('x')).effects).toEqual([{ kind: 'answer', promptId: 6, value: { action: 'stop' } }]);
    let state = apply(fresh(), failed, key('g'));
    expect(state.overlay.kind).toBe('goto');
    state = apply(state, ...type('crash'), enter);
    expect(state.effects).toEqual([{ kind: 'answer', promptId: 6, value: { action: 'goto', stepId: 'crashloop' } }]);
  });

  it('follows the chosen branch on Enter, or records another target picked with g', () => {
    const branch = open({ kind: 'override-branch', id: 7, stepId: 'pods', chosen: 'crashloop', reason: 'stdout matched /CrashLoopBackOff/ → crashloop' });
    const running = apply(fresh(), { type: 'event', event: stepStarted('pods') }, branch);
    expect(running.running).toBe(false);
    expect(apply(running, enter).effects).toEqual([{ kind: 'answer', promptId: 7, value: 'crashloop' }]);
    expect(apply(running, key('g'), key('', { downArrow: true }), enter).effects).toEqual([{ kind: 'answer', promptId: 7, value: 'health' }]);
  });

  it('g outside a decision explains when it works', () => {
    const state = apply(fresh(), key('g'));
    expect(state.overlay.kind).toBe('none');
    expect(state.messages.at(-1)?.text).toMatch(/Go to works/);
  });
});

describe('runReducer: notes, help, quitting and Ctrl-C', () => {
  it('n opens a note; Enter queues it for the journal', () => {
    const state = apply(fresh(), { type: 'event', event: stepStarted('pods') }, key('n'), ...type('pods look wrong'), enter);
    expect(state.effects).toEqual([{ kind: 'note', text: 'pods look wrong', stepId: 'pods' }]);
    expect(state.overlay.kind).toBe('none');
  });

  it('? toggles help; any key closes it', () => {
    expect(apply(fresh(), key('?')).overlay.kind).toBe('help');
    expect(apply(fresh(), key('?'), key('x')).overlay.kind).toBe('none');
  });

  it('Ctrl-C stops the running step; a second Ctrl-C leaves', () => {
    let state = apply(fresh(), { type: 'event', event: stepStarted('pods') }, key('c', { ctrl: true }));
    expect(state.effects).toEqual([{ kind: 'cancel-step' }]);
    expect(state.quitting).toBe(false);
    state = apply({ ...state, effects: [] }, { type: 'interrupt' });
    expect(state.effects).toEqual([{ kind: 'quit' }]);
    expect(state.quitting).toBe(true);
  });

  it('Ctrl-C with nothing running asks for a second one; another key disarms it', () => {
    let state = apply(fresh(), { type: 'interrupt' });
    expect(state.effects).toEqual([]);
    expect(state.interruptArmed).toBe(true);
    state = apply(state, key('x'), { type: 'interrupt' });
    expect(state.quitting).toBe(false);
  });

  it('q leaves, stopping a running step first', () => {
    const state = apply(fresh(), { type: 'event', event: stepStarted('pods') }, key('q'));
    expect(state.effects).toEqual([{ kind: 'cancel-step' }, { kind: 'quit' }]);
    expect(state.prompt).toBeUndefined();
  });

  it('ignores keys once the run has finished', () => {
    const done = apply(fresh(), { type: 'event', event: { type: 'run-finished', time: runStarted().time, outcome: 'completed' } });
    expect(apply(done, key('q'))).toBe(done);
  });
});

describe('runReducer: messages', () => {
  it('explanations go when the next question comes; warnings go with their step; hints stay', () => {
    let state = apply(
      fresh(),
      { type: 'event', event: { type: 'hint', time: runStarted().time, text: 'Read the previous logs.' } },
      { type: 'event', event: { type: 'warning', time: runStarted().time, message: 'Capture `POD` found nothing' } },
      key('g'),
    );
    expect(state.messages.map((message) => message.kind)).toEqual(['hint', 'warning', 'info']);
    state = apply(state, open({ kind: 'before-step', id: 1, stepId: 'pods', command: 'echo' }));
    expect(state.messages.map((message) => message.kind)).toEqual(['hint', 'warning']);
    state = apply(state, { type: 'event', event: stepStarted('pods') });
    expect(state.messages.map((message) => message.kind)).toEqual(['hint']);
  });
});
