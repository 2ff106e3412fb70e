import { editText, textField } from './edit-text.js';
import { inputNames } from './input-lines.js';
import type { InputEdit, KeyInfo, TuiState } from './tui-state.js';

type InputsOverlay = Extract<TuiState['overlay'], { kind: 'inputs' }>;

/**
 * A key in the inputs panel (`i`): ↑↓ select an input, Enter (or `c`) changes it, Esc closes. While
 * changing: type the new value, or ↑↓ through its `choices`, Enter asks the runner to take it
 * (a `change-input` effect; the value is data, checked as `--input` is), Esc cancels.
 */
export function applyInputsKey(state: TuiState, overlay: InputsOverlay, input: string, key: KeyInfo): TuiState {
  const names = inputNames(state);
  const edit = overlay.edit;
  if (edit) return editKey(state, overlay, edit, input, key);
  if (key.escape || input === 'q' || input === 'i') return { ...state, overlay: { kind: 'none' } };
  if (key.upArrow) return { ...state, overlay: { ...overlay, selected: Math.max(0, overlay.selected - 1), error: undefined } };
  if (key.downArrow) return { ...state, overlay: { ...overlay, selected: Math.min(names.length - 1, overlay.selected + 1), error: undefined } };
  if ((key.return || input === 'c') && names.length > 0) {
    const name = names[Math.min(overlay.selected, names.length - 1)]!;
    const spec = state.inputSpecs[name];
    const known = state.inputs[name];
    const secret = spec?.secret === true || known?.secret === true;
    const choices = spec?.choices;
    // A secret is never shown again, so its field starts empty; a choice starts at the current one.
    const current = secret ? undefined : (known?.value ?? undefined);
    const start: InputEdit = { name, secret, field: textField(choices ? '' : (current ?? '')), selected: Math.max(0, choices?.indexOf(current ?? '') ?? 0), ...(choices ? { choices } : {}) };
    return { ...state, overlay: { ...overlay, edit: start, error: undefined } };
  }
  return state;
}

function editKey(state: TuiState, overlay: InputsOverlay, edit: InputEdit, input: string, key: KeyInfo): TuiState {
  if (key.escape) return { ...state, overlay: { ...overlay, edit: undefined, error: undefined } };
  const choices = edit.choices;
  if (choices && (key.upArrow || key.downArrow)) {
    const selected = (edit.selected + (key.upArrow ? choices.length - 1 : 1)) % choices.length;
    return { ...state, overlay: { ...overlay, edit: { ...edit, selected, field: textField() }, error: undefined } };
  }
  if (key.return) {
    const value = choices && edit.field.text === '' ? choices[edit.selected]! : edit.field.text;
    const problem = choiceProblem(value, edit.secret, choices) ?? (value === '' ? 'Type a value, then Enter (Esc cancels).' : undefined);
    if (problem) return { ...state, overlay: { ...overlay, error: problem } };
    if (!edit.secret && state.inputs[edit.name]?.value === value) return { ...state, overlay: { ...overlay, edit: undefined, error: undefined } };
    return { ...state, effects: [...state.effects, { kind: 'change-input', name: edit.name, value }] };
  }
  const field = editText(edit.field, input, key);
  return field === edit.field ? state : { ...state, overlay: { ...overlay, edit: { ...edit, field }, error: undefined } };
}

/** A typed value outside `choices` is refused (the secret itself is not repeated). */
export function choiceProblem(value: string, secret: boolean, choices: readonly string[] | undefined): string | undefined {
  if (!choices || choices.includes(value)) return undefined;
  return `${secret ? 'That value' : `\`${value}\``} is not one of ${choices.join(', ')}: pick one with ↑↓, or type one of them`;
}

/** The runner's answer to a change: taken (the edit closes) or refused (the reason shows). */
export function applyInputChange(state: TuiState, name: string, problem: string | undefined): TuiState {
  const overlay = state.overlay;
  if (overlay.kind !== 'inputs' || overlay.edit?.name !== name) return state;
  if (problem !== undefined) return { ...state, overlay: { ...overlay, error: problem } };
  return { ...state, overlay: { ...overlay, edit: undefined, error: undefined } };
}
