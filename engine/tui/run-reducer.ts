import type { StepGraph } from '../graph/types.js';
import type { Mode, RunEvent } from '../run/events.js';
import { appendLine, appendOutput, emptyScrollback } from './append-output.js';
import { editText, textField } from './edit-text.js';
import { filterSteps } from './filter-steps.js';
import { targetName } from './result-lines.js';
import type { Answer, KeyInfo, Message, Prompt, PromptRequest, StepView, TuiAction, TuiState } from './tui-state.js';

/** Rows moved by PgUp/PgDn. */
export const PAGE_ROWS = 10;
const MAX_MESSAGES = 20;

export const FAILURE_OPTIONS = ['Retry', 'Skip', 'Go to…', 'Stop'] as const;
export const MANUAL_OPTIONS = ['Done', 'Not done'] as const;

export function initialTuiState(graph: StepGraph, mode: Mode, options: { scenario?: string; scrollbackLines?: number } = {}): TuiState {
  return {
    title: graph.title,
    file: graph.file,
    mode,
    scenario: options.scenario,
    steps: graph.steps.map(
      (step): StepView => ({ id: step.id, title: step.title, section: step.section, sectionTitle: step.sectionTitle, state: 'pending', attempt: 0 }),
    ),
    running: false,
    overlay: { kind: 'none' },
    scrollback: emptyScrollback(options.scrollbackLines),
    scroll: 0,
    messages: [],
    interruptArmed: false,
    cancelRequested: false,
    quitting: false,
    effects: [],
  };
}

/** The TUI's state as a pure function of run events and key actions. Side effects are queued in `effects`. */
export function runReducer(state: TuiState, action: TuiAction): TuiState {
  switch (action.type) {
    case 'event':
      return onEvent(state, action.event);
    case 'output':
      return onOutput(state, action.text);
    case 'key':
      if (action.key.ctrl && action.input === 'c') return onInterrupt(state);
      return onKey(state.interruptArmed ? { ...state, interruptArmed: false } : state, action.input, action.key);
    case 'interrupt':
      return onInterrupt(state);
    case 'open-prompt': {
      // A branch to confirm or a failure to handle: the step's process has ended.
      const ended = action.prompt.kind === 'override-branch' || action.prompt.kind === 'after-failure';
      // Explanations of earlier keys no longer apply to the new question.
      const messages = state.messages.filter((message) => message.kind !== 'info');
      return { ...state, prompt: openPrompt(action.prompt), overlay: keepNote(state), running: ended ? false : state.running, messages };
    }
    case 'message':
      return addMessage(state, action.message);
    case 'effects-done':
      return state.effects.length === 0 ? state : { ...state, effects: [] };
  }
}

function openPrompt(request: PromptRequest): Prompt {
  switch (request.kind) {
    case 'input':
    case 'confirm':
      return { ...request, field: textField() };
    case 'before-step':
      return { ...request, resumed: request.resumed ?? false };
    case 'ask':
    case 'manual':
    case 'after-failure':
      return { ...request, selected: 0 };
    case 'override-branch':
      return request;
  }
}

function onEvent(state: TuiState, event: RunEvent): TuiState {
  switch (event.type) {
    case 'run-started':
      return {
        ...state,
        title: event.title || state.title,
        mode: event.mode,
        scenario: event.scenario ?? state.scenario,
        runId: event.runId,
        startedAt: Date.parse(event.time),
      };
    case 'step-started': {
      const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : event.visit > 1 ? ` (visit ${event.visit})` : '';
      return {
        ...updateStep(state, event.stepId, (step) => ({
          ...step,
          state: 'running',
          command: event.command,
          edited: event.edited,
          attempt: event.attempt,
          startedAt: Date.parse(event.time),
          finished: undefined,
        })),
        currentStepId: event.stepId,
        // A new step: only coaching hints stay on screen.
        messages: state.messages.filter((message) => message.kind === 'hint'),
        running: true,
        cancelRequested: false,
        scroll: 0,
        scrollback: appendLine(state.scrollback, `── ${event.title}${attempt} ──`),
      };
    }
    case 'output':
      return onOutput(state, event.text);
    case 'step-finished': {
      let next = updateStep(state, event.stepId, (step) => ({ ...step, state: event.status, finished: event }));
      next = markNotTaken(next, event.stepId, event.next);
      return { ...next, running: false, cancelRequested: false, lastFinishedId: event.stepId };
    }
    case 'hint':
      return addMessage(state, { kind: 'hint', text: event.text });
    case 'warning':
      return addMessage(state, { kind: 'warning', text: event.message });
    case 'note':
      return addMessage(state, { kind: 'note', text: event.text });
    case 'choice':
      return event.by === 'auto' ? state : addMessage(state, { kind: 'info', text: `Chose ${event.choice} → ${targetName(event.target, state)}` });
    case 'input':
      return state;
    case 'run-finished':
      return {
        ...state,
        // Steps never reached are not taken, unless the run was left to be resumed.
        steps: event.outcome === 'aborted' ? state.steps : state.steps.map((step) => (step.state === 'pending' ? { ...step, state: 'not-taken' } : step)),
        outcome: event.outcome,
        finishMessage: event.message,
        finishedAt: Date.parse(event.time),
        running: false,
        prompt: undefined,
        overlay: { kind: 'none' },
      };
  }
}

function onOutput(state: TuiState, text: string): TuiState {
  const scrollback = appendOutput(state.scrollback, text);
  if (state.scroll === 0) return { ...state, scrollback };
  const added = scrollback.dropped + scrollback.lines.length - (state.scrollback.dropped + state.scrollback.lines.length);
  return { ...state, scrollback, scroll: Math.min(scrollback.lines.length, state.scroll + added) };
}

function onInterrupt(state: TuiState): TuiState {
  if (state.running && !state.cancelRequested) {
    return addMessage(
      { ...state, cancelRequested: true, interruptArmed: true, effects: [...state.effects, { kind: 'cancel-step' }] },
      { kind: 'info', text: 'Stopping the step… Ctrl-C again leaves the run (it can be resumed).' },
    );
  }
  if (state.interruptArmed) return quit(state);
  return addMessage({ ...state, interruptArmed: true }, { kind: 'info', text: 'Press Ctrl-C again or q to leave; `runbook resume` continues the run.' });
}

function quit(state: TuiState): TuiState {
  if (state.quitting) return state;
  const effects = [...state.effects];
  if (state.running && !state.cancelRequested) effects.push({ kind: 'cancel-step' });
  effects.push({ kind: 'quit' });
  return addMessage(
    { ...state, quitting: true, prompt: undefined, overlay: { kind: 'none' }, effects },
    { kind: 'info', text: 'Leaving… the run can be resumed with `runbook resume`.' },
  );
}

function onKey(state: TuiState, input: string, key: KeyInfo): TuiState {
  if (state.outcome !== undefined || state.quitting) return state;
  const overlay = state.overlay;
  switch (overlay.kind) {
    case 'help':
      return { ...state, overlay: { kind: 'none' } };
    case 'goto': {
      const matches = filterSteps(state.steps, overlay.filter.text);
      if (key.escape) return { ...state, overlay: { kind: 'none' } };
      if (key.upArrow) return { ...state, overlay: { ...overlay, selected: Math.max(0, overlay.selected - 1) } };
      if (key.downArrow) return { ...state, overlay: { ...overlay, selected: Math.min(matches.length - 1, overlay.selected + 1) } };
      if (key.return) {
        const target = matches[overlay.selected];
        return target ? answerGoto({ ...state, overlay: { kind: 'none' } }, target.id) : state;
      }
      const filter = editText(overlay.filter, input, key);
      return filter === overlay.filter ? state : { ...state, overlay: { kind: 'goto', filter, selected: 0 } };
    }
    case 'note': {
      if (key.escape) return { ...state, overlay: { kind: 'none' } };
      if (key.return) {
        const text = overlay.field.text.trim();
        if (text === '') return { ...state, overlay: { kind: 'none' } };
        const stepId = state.prompt && 'stepId' in state.prompt ? state.prompt.stepId : state.currentStepId;
        return { ...state, overlay: { kind: 'none' }, effects: [...state.effects, { kind: 'note', text, stepId }] };
      }
      return { ...state, overlay: { kind: 'note', field: editText(overlay.field, input, key) } };
    }
    case 'edit': {
      if (key.escape) return { ...state, overlay: { kind: 'none' } };
      if (key.return && state.prompt?.kind === 'before-step') {
        const command = overlay.field.text;
        const edited = command !== state.prompt.command;
        return answer({ ...state, overlay: { kind: 'none' } }, edited ? { action: 'run', command } : { action: 'run' });
      }
      return { ...state, overlay: { kind: 'edit', field: editText(overlay.field, input, key, { multiline: true }) } };
    }
    case 'none':
      break;
  }

  const prompt = state.prompt;
  // Prompts that take typed text own every printable key.
  if (prompt?.kind === 'input') {
    if (key.return) {
      if (prompt.field.text === '') return { ...state, prompt: { ...prompt, error: 'Type a value, then Enter.' } };
      return answer(state, prompt.field.text);
    }
    if (key.escape) return { ...state, prompt: { ...prompt, field: textField(), error: undefined } };
    return { ...state, prompt: { ...prompt, field: editText(prompt.field, input, key), error: undefined } };
  }
  if (prompt?.kind === 'confirm') {
    if (key.return) {
      if (prompt.field.text.trim() === prompt.phrase) return answer(state, true);
      return { ...state, prompt: { ...prompt, field: textField(), error: `That is not the phrase. Type "${prompt.phrase}" exactly, or Esc to refuse.` } };
    }
    if (key.escape) return answer(state, false);
    return { ...state, prompt: { ...prompt, field: editText(prompt.field, input, key), error: undefined } };
  }

  if (key.pageUp) return scrollBy(state, PAGE_ROWS);
  if (key.pageDown) return scrollBy(state, -PAGE_ROWS);
  const list = listOf(prompt);
  if (!list) {
    if (key.upArrow) return scrollBy(state, 1);
    if (key.downArrow) return scrollBy(state, -1);
  }
  if (key.end) return { ...state, scroll: 0 };
  if (input === '?') return { ...state, overlay: { kind: 'help' } };
  if (input === 'q') return quit(state);
  if (input === 'n') return { ...state, overlay: { kind: 'note', field: textField() } };
  if (input === 'g') {
    if (prompt?.kind === 'before-step' || prompt?.kind === 'after-failure' || prompt?.kind === 'override-branch') {
      return { ...state, overlay: { kind: 'goto', filter: textField(), selected: 0 } };
    }
    return addMessage(state, { kind: 'info', text: 'Go to works before a step runs, after it fails, or when a branch is chosen.' });
  }

  switch (prompt?.kind) {
    case 'before-step':
      if (key.return) return answer(state, { action: 'run' });
      if (input === 's') return answer(state, { action: 'skip' });
      if (input === 'e') return { ...state, overlay: { kind: 'edit', field: textField(prompt.command) } };
      break;
    case 'ask':
    case 'manual':
    case 'after-failure': {
      const options = list ?? [];
      if (key.upArrow) return { ...state, prompt: { ...prompt, selected: Math.max(0, prompt.selected - 1) } };
      if (key.downArrow || key.tab) return { ...state, prompt: { ...prompt, selected: (prompt.selected + 1) % options.length } };
      const digit = Number.parseInt(input, 10);
      if (digit >= 1 && digit <= options.length) return choose(state, prompt, digit - 1);
      if (key.return) return choose(state, prompt, prompt.selected);
      if (prompt.kind === 'manual' && (input === 'y' || input === 'd')) return choose(state, prompt, 0);
      if (prompt.kind === 'after-failure') {
        if (input === 'r') return choose(state, prompt, 0);
        if (input === 's') return choose(state, prompt, 1);
        if (input === 'x') return choose(state, prompt, 3);
      }
      break;
    }
    case 'override-branch':
      if (key.return) return answer(state, prompt.chosen);
      break;
    case undefined:
      if (input === 'r' || input === 's' || input === 'e' || key.return) {
        const text = state.running ? 'A step is running: Ctrl-C stops it.' : 'Waiting for the runner…';
        return addMessage(state, { kind: 'info', text });
      }
      break;
    default:
      break;
  }
  if (input === 'r') return addMessage(state, { kind: 'info', text: 'r retries a step after it fails.' });
  return state;
}

/** The options of list prompts (chosen with arrows, digits or Enter). */
export function listOf(prompt: Prompt | undefined): readonly string[] | undefined {
  switch (prompt?.kind) {
    case 'ask':
      return prompt.choices;
    case 'manual':
      return MANUAL_OPTIONS;
    case 'after-failure':
      return FAILURE_OPTIONS;
    default:
      return undefined;
  }
}

function choose(state: TuiState, prompt: Extract<Prompt, { selected: number }>, index: number): TuiState {
  switch (prompt.kind) {
    case 'ask':
      return answer(state, prompt.choices[index] ?? prompt.choices[0] ?? '');
    case 'manual':
      return answer(state, index === 0);
    case 'after-failure':
      if (index === 0) return answer(state, { action: 'retry' });
      if (index === 1) return answer(state, { action: 'skip' });
      if (index === 2) return { ...state, prompt: { ...prompt, selected: 2 }, overlay: { kind: 'goto', filter: textField(), selected: 0 } };
      return answer(state, { action: 'stop' });
  }
}

function answerGoto(state: TuiState, stepId: string): TuiState {
  switch (state.prompt?.kind) {
    case 'before-step':
    case 'after-failure':
      return answer(state, { action: 'goto', stepId });
    case 'override-branch':
      return answer(state, stepId);
    default:
      return state;
  }
}

function answer(state: TuiState, value: Answer): TuiState {
  if (!state.prompt) return state;
  return { ...state, prompt: undefined, effects: [...state.effects, { kind: 'answer', promptId: state.prompt.id, value }] };
}

function scrollBy(state: TuiState, rows: number): TuiState {
  const max = Math.max(0, state.scrollback.lines.length - 1);
  return { ...state, scroll: Math.max(0, Math.min(max, state.scroll + rows)) };
}

function updateStep(state: TuiState, id: string, change: (step: StepView) => StepView): TuiState {
  return { ...state, steps: state.steps.map((step) => (step.id === id ? change(step) : step)) };
}

/** Steps jumped over by a forward branch or go to are shown as not taken. */
function markNotTaken(state: TuiState, fromId: string, toId: string | null): TuiState {
  if (toId === null) return state;
  const from = state.steps.findIndex((step) => step.id === fromId);
  const to = state.steps.findIndex((step) => step.id === toId);
  if (from < 0 || to <= from + 1) return state;
  return {
    ...state,
    steps: state.steps.map((step, index) => (index > from && index < to && step.state === 'pending' ? { ...step, state: 'not-taken' } : step)),
  };
}

function addMessage(state: TuiState, message: Message): TuiState {
  const messages = [...state.messages, message];
  return { ...state, messages: messages.length > MAX_MESSAGES ? messages.slice(-MAX_MESSAGES) : messages };
}

function keepNote(state: TuiState): TuiState['overlay'] {
  return state.overlay.kind === 'note' ? state.overlay : { kind: 'none' };
}
