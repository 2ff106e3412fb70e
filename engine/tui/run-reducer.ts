import type { InputSpec, StepGraph } from '../contracts/step-graph.js';
import type { Mode } from '../contracts/run-event.js';
import { addMessage } from './add-message.js';
import { emptyScrollback } from './append-output.js';
import { applyInputChange } from './apply-inputs-key.js';
import { applyInterrupt, applyKey } from './apply-key.js';
import { applyPty } from './apply-pty.js';
import { applyOutput, applyRunEvent } from './apply-run-event.js';
import { textField } from './edit-text.js';
import type { Prompt, PromptRequest, StepView, TuiAction, TuiState } from './tui-state.js';

export function initialTuiState(graph: StepGraph, mode: Mode, options: { scenario?: string; timeScale?: number; inputSources?: Record<string, string>; scrollbackLines?: number } = {}): TuiState {
  return {
    title: graph.title,
    file: graph.file,
    mode,
    scenario: options.scenario,
    ...(options.timeScale !== undefined && options.timeScale !== 1 ? { timeScale: options.timeScale } : {}),
    steps: graph.steps.map(
      (step): StepView => ({ id: step.id, title: step.title, section: step.section, sectionTitle: step.sectionTitle, ...(step.lifted ? { lifted: true } : {}), state: 'pending', attempt: 0 }),
    ),
    running: false,
    overlay: { kind: 'none' },
    scrollback: emptyScrollback(options.scrollbackLines),
    scroll: 0,
    outputRows: 10,
    inputSpecs: inputSpecs(graph),
    inputSources: options.inputSources ?? {},
    inputs: {},
    messages: [],
    interruptArmed: false,
    cancelRequested: false,
    quitting: false,
    effects: [],
  };
}

function inputSpecs(graph: StepGraph): Record<string, InputSpec> {
  const specs: Record<string, InputSpec> = {};
  for (const name of graph.steps.flatMap((step) => step.uses)) specs[name] = { name, secret: false };
  return { ...specs, ...graph.settings.inputs };
}

/** The TUI's state as a pure function of run events and key actions. Side effects are queued in `effects`. */
export function runReducer(state: TuiState, action: TuiAction): TuiState {
  switch (action.type) {
    case 'event':
      return applyRunEvent(state, action.event);
    case 'output':
      return applyOutput(state, action.text);
    case 'key':
      // Keys go to the step (as raw input) while it has them.
      if (state.pty?.typing) return state;
      if (action.key.ctrl && action.input === 'c') return applyInterrupt(state);
      return applyKey(state.interruptArmed ? { ...state, interruptArmed: false } : state, action.input, action.key);
    case 'interrupt':
      return applyInterrupt(state);
    case 'open-prompt': {
      // A branch to confirm or a failure to handle: the step's process has ended.
      const ended = action.prompt.kind === 'override-branch' || action.prompt.kind === 'after-failure';
      // Explanations of earlier keys no longer apply to the new question.
      const messages = state.messages.filter((message) => message.kind !== 'info');
      // The step asked about is about to run: whatever a branch said of it before, it is pending now.
      const steps = state.steps.map((step) => (step.id === action.prompt.stepId && (step.state === 'not-taken' || step.state === 'not-reached') ? { ...step, state: 'pending' as const } : step));
      return { ...state, steps, prompt: openPrompt(action.prompt), overlay: keepNote(state), running: ended ? false : state.running, messages };
    }
    case 'message':
      return addMessage(state, action.message);
    case 'edited-text':
      return state.overlay.kind === 'edit' ? { ...state, overlay: { kind: 'edit', field: textField(action.text) } } : state;
    case 'pty-started':
    case 'screen':
    case 'pty-waiting':
    case 'raw-input':
      return applyPty(state, action);
    case 'viewport': {
      let next = state.outputRows === action.outputRows ? state : { ...state, outputRows: action.outputRows };
      const overlay = next.overlay;
      if (overlay.kind === 'reader' && action.readerMax !== undefined && overlay.scroll > action.readerMax) next = { ...next, overlay: { ...overlay, scroll: action.readerMax } };
      return next;
    }
    case 'input-change':
      return applyInputChange(state, action.name, action.problem);
    case 'overlay':
      return state.outcome === undefined ? { ...state, overlay: action.overlay } : state;
    case 'effects-done':
      return state.effects.length === 0 ? state : { ...state, effects: [] };
  }
}

function openPrompt(request: PromptRequest): Prompt {
  switch (request.kind) {
    case 'input':
      return { ...request, field: textField(), selected: 0 };
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

function keepNote(state: TuiState): TuiState['overlay'] {
  return state.overlay.kind === 'note' ? state.overlay : { kind: 'none' };
}
