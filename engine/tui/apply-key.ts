import { addMessage } from './add-message.js';
import { applyInputsKey, choiceProblem } from './apply-inputs-key.js';
import { editText, textField } from './edit-text.js';
import { startTyping } from './apply-pty.js';
import { filterSteps } from './filter-steps.js';
import type { BeforeStep } from '../contracts/run-seams.js';
import type { Answer, KeyInfo, Prompt, TuiState } from './tui-state.js';

/** Rows moved by PgUp/PgDn. */
export const PAGE_ROWS = 10;

export const FAILURE_OPTIONS = ['Retry', 'Skip', 'Go to…', 'Stop'] as const;
export const MANUAL_OPTIONS = ['Done', 'Not done'] as const;
export const REFUSED_OPTIONS = ['Skip', 'Go to…', 'Stop'] as const;

/** Ctrl-C: stop the running step; a second one (or none running, twice) leaves. */
export function applyInterrupt(state: TuiState): TuiState {
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

/** A key press: overlays first, then the text prompts, then scrolling and the one-letter commands. */
export function applyKey(state: TuiState, input: string, key: KeyInfo): TuiState {
  if (state.outcome !== undefined || state.quitting) return state;
  const inOverlay = overlayKey(state, input, key);
  if (inOverlay) return inOverlay;

  const prompt = state.prompt;
  // Prompts that take typed text own every printable key.
  if (prompt?.kind === 'input') return inputPromptKey(state, prompt, input, key);
  if (prompt?.kind === 'confirm') {
    if (key.return) {
      if (prompt.field.text.trim() === prompt.phrase) return answer(state, prompt.run ?? true);
      return { ...state, prompt: { ...prompt, field: textField(), error: `That is not the phrase. Type "${prompt.phrase}" exactly, or Esc to refuse.` } };
    }
    // Refused before it runs: skip, go to or stop (not the end of the run).
    if (key.escape) return prompt.run ? { ...state, prompt: { kind: 'refused', id: prompt.id, stepId: prompt.stepId, selected: 0 } } : answer(state, false);
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
  if (key.home) return scrollBy(state, Number.MAX_SAFE_INTEGER);
  if (input === '?') return { ...state, overlay: { kind: 'help' } };
  if (input === 'q') return quit(state);
  if (input === 'n') return { ...state, overlay: { kind: 'note', field: textField() } };
  if (input === 'v') return { ...state, overlay: { kind: 'reader', what: 'step', scroll: 0 } };
  if (input === 'l') return { ...state, overlay: { kind: 'outline' } };
  if (input === 'i') return { ...state, overlay: { kind: 'inputs', selected: 0 } };
  if (input === 'o') return { ...state, effects: [...state.effects, { kind: 'page-output' }] };
  if (input === 't' && !prompt) return startTyping(state);
  if (input === 'g') {
    if (prompt?.kind === 'before-step' || prompt?.kind === 'after-failure' || prompt?.kind === 'override-branch' || prompt?.kind === 'refused') {
      return { ...state, overlay: { kind: 'goto', filter: textField(), selected: 0 } };
    }
    return addMessage(state, { kind: 'info', text: 'Go to works before a step runs, after it fails, or when a branch is chosen.' });
  }

  switch (prompt?.kind) {
    case 'before-step':
      if (key.return) return run(state, { action: 'run' });
      if (input === 's') return answer(state, { action: 'skip' });
      if (input === 'e') return { ...state, overlay: { kind: 'edit', field: textField(prompt.command) } };
      break;
    case 'ask':
    case 'manual':
    case 'refused':
    case 'after-failure': {
      const options = list ?? [];
      if (key.upArrow) return { ...state, prompt: { ...prompt, selected: Math.max(0, prompt.selected - 1) } };
      if (key.downArrow || key.tab) return { ...state, prompt: { ...prompt, selected: (prompt.selected + 1) % options.length } };
      const digit = Number.parseInt(input, 10);
      if (digit >= 1 && digit <= options.length) return choose(state, prompt, digit - 1);
      if (key.return) return choose(state, prompt, prompt.selected);
      if (prompt.kind === 'manual' && (input === 'y' || input === 'd')) return choose(state, prompt, 0);
      if (prompt.kind === 'refused') {
        if (input === 's') return choose(state, prompt, 0);
        if (input === 'x') return choose(state, prompt, 2);
      }
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

/** A key while an overlay is open (help, outline, reader, the picker, a note, the editor); undefined when none is. */
function overlayKey(state: TuiState, input: string, key: KeyInfo): TuiState | undefined {
  const overlay = state.overlay;
  switch (overlay.kind) {
    case 'help':
    case 'outline':
      return { ...state, overlay: { kind: 'none' } };
    case 'reader':
      return readKey(state, overlay, input, key);
    case 'inputs':
      return applyInputsKey(state, overlay, input, key);
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
      // Ctrl-O: a long or multi-line command is edited in $VISUAL / $EDITOR.
      if (key.ctrl && input === 'o') return { ...state, effects: [...state.effects, { kind: 'open-editor', text: overlay.field.text }] };
      if (key.return && state.prompt?.kind === 'before-step') {
        const command = overlay.field.text;
        const edited = command !== state.prompt.command;
        return run({ ...state, overlay: { kind: 'none' } }, edited ? { action: 'run', command } : { action: 'run' });
      }
      return { ...state, overlay: { kind: 'edit', field: editText(overlay.field, input, key, { multiline: true }) } };
    }
    case 'none':
      return undefined;
  }
}

/** A missing input: typed, or picked from its `choices` (↑↓, Enter); a typed value outside them is refused. */
function inputPromptKey(state: TuiState, prompt: Extract<Prompt, { kind: 'input' }>, input: string, key: KeyInfo): TuiState {
  const choices = prompt.choices;
  if (choices && (key.upArrow || key.downArrow)) {
    const selected = (prompt.selected + (key.upArrow ? choices.length - 1 : 1)) % choices.length;
    return { ...state, prompt: { ...prompt, selected, field: textField(), error: undefined } };
  }
  if (key.return) {
    const value = choices && prompt.field.text === '' ? choices[prompt.selected]! : prompt.field.text;
    if (value === '') return { ...state, prompt: { ...prompt, error: 'Type a value, then Enter.' } };
    const problem = choiceProblem(value, prompt.secret, choices);
    if (problem) return { ...state, prompt: { ...prompt, field: textField(), error: problem } };
    return answer(state, value);
  }
  if (key.escape) return { ...state, prompt: { ...prompt, field: textField(), error: undefined } };
  return { ...state, prompt: { ...prompt, field: editText(prompt.field, input, key), error: undefined } };
}

/** Keys in the full-screen reader: scrolling, and Esc (or q, v, o) closes it. */
function readKey(state: TuiState, overlay: Extract<TuiState['overlay'], { kind: 'reader' }>, input: string, key: KeyInfo): TuiState {
  if (key.escape || input === 'q' || input === 'v' || input === 'o') return { ...state, overlay: { kind: 'none' } };
  const rows = key.pageDown || input === ' ' ? PAGE_ROWS : key.pageUp ? -PAGE_ROWS : key.downArrow ? 1 : key.upArrow ? -1 : 0;
  if (key.home) return { ...state, overlay: { ...overlay, scroll: 0 } };
  if (key.end) return { ...state, overlay: { ...overlay, scroll: MAX_READER_SCROLL } };
  if (rows === 0) return state;
  return { ...state, overlay: { ...overlay, scroll: Math.max(0, Math.min(MAX_READER_SCROLL, overlay.scroll + rows)) } };
}

/** The reader clamps the scroll to its text; the reducer does not know its length. */
const MAX_READER_SCROLL = 1_000_000;

/** The options of list prompts (chosen with arrows, digits or Enter). */
export function listOf(prompt: Prompt | undefined): readonly string[] | undefined {
  switch (prompt?.kind) {
    case 'ask':
      return prompt.choices;
    case 'manual':
      return MANUAL_OPTIONS;
    case 'after-failure':
      return FAILURE_OPTIONS;
    case 'refused':
      return REFUSED_OPTIONS;
    default:
      return undefined;
  }
}

function choose(state: TuiState, prompt: Extract<Prompt, { kind: 'ask' | 'manual' | 'refused' | 'after-failure' }>, index: number): TuiState {
  switch (prompt.kind) {
    case 'ask':
      return answer(state, prompt.choices[index] ?? prompt.choices[0] ?? '');
    case 'manual':
      return answer(state, index === 0);
    case 'refused':
      if (index === 0) return answer(state, { action: 'skip' });
      if (index === 1) return { ...state, prompt: { ...prompt, selected: 1 }, overlay: { kind: 'goto', filter: textField(), selected: 0 } };
      return answer(state, { action: 'quit' });
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
    case 'refused':
      return answer(state, { action: 'goto', stepId });
    case 'override-branch':
      return answer(state, stepId);
    default:
      return state;
  }
}

/** Runs the step asked about; a DANGER step first asks for its phrase. */
function run(state: TuiState, value: Extract<BeforeStep, { action: 'run' }>): TuiState {
  const prompt = state.prompt;
  if (prompt?.kind !== 'before-step' || prompt.phrase === undefined) return answer(state, value);
  return { ...state, prompt: { kind: 'confirm', id: prompt.id, stepId: prompt.stepId, phrase: prompt.phrase, field: textField(), run: value } };
}

function answer(state: TuiState, value: Answer): TuiState {
  if (!state.prompt) return state;
  return { ...state, prompt: undefined, effects: [...state.effects, { kind: 'answer', promptId: state.prompt.id, value }] };
}

/** Scrolls the output; it stops when the first line is at the top of the pane. */
export function scrollBy(state: TuiState, rows: number): TuiState {
  const total = state.scrollback.lines.length + (state.scrollback.partial === '' ? 0 : 1) + (state.pty?.live.length ?? 0);
  const max = Math.max(0, total - Math.max(1, state.outputRows));
  return { ...state, scroll: Math.max(0, Math.min(max, state.scroll + rows)) };
}
