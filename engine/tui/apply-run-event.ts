import type { RunEvent } from '../contracts/run-event.js';
import { addMessage } from './add-message.js';
import { appendLine, appendOutput } from './append-output.js';
import { targetName } from './result-lines.js';
import type { StepView, TuiState } from './tui-state.js';

/** A run event applied to the state. */
export function applyRunEvent(state: TuiState, event: RunEvent): TuiState {
  switch (event.type) {
    case 'run-started':
      return {
        ...state,
        title: event.title || state.title,
        mode: event.mode,
        scenario: event.scenario ?? state.scenario,
        runId: event.runId,
        startedAt: Date.parse(event.time),
        inputs: {
          ...state.inputs,
          ...Object.fromEntries(Object.entries(event.inputs).map(([name, value]) => [name, { value, secret: false, source: startSource(state, event, name, value) }])),
        },
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
      return applyOutput(state, event.text);
    case 'step-finished': {
      const status = event.handled ? 'handled' : event.status === 'failed' && event.message === 'interrupted' ? 'interrupted' : event.status;
      let next = updateStep(state, event.stepId, (step) => ({ ...step, state: status, finished: event }));
      next = markNotTaken(next, event.stepId, event.next);
      return { ...next, running: false, cancelRequested: false, lastFinishedId: event.stepId };
    }
    case 'hint':
      return addMessage(state, { kind: 'hint', text: event.text });
    case 'warning':
      return addMessage(state, { kind: 'warning', text: event.message });
    case 'note':
      return addMessage(state, { kind: 'note', text: event.text });
    case 'choice': {
      if (event.by === 'auto') return state;
      // A failed step the operator skipped shows as skipped.
      if (event.choice === 'skip') state = updateStep(state, event.stepId, (step) => (step.state === 'failed' ? { ...step, state: 'skipped' } : step));
      const message = addMessage(state, { kind: 'info', text: `Chose ${event.choice} → ${targetName(event.target, state)}` });
      const finished = state.steps.find((step) => step.id === event.stepId)?.finished;
      if (event.by !== 'operator' || state.lastFinishedId !== event.stepId || !finished) return message;
      // The operator sent a finished step elsewhere than its branch: its result says so, and the
      // steps skipped are those before the new target, not before the old one.
      const reason = `${finished.branch?.reason ?? 'no branch matched'}; operator chose ${event.target}`;
      let next = updateStep(message, event.stepId, (step) => ({ ...step, finished: { ...finished, next: event.target, branch: { target: event.target, reason } } }));
      next = unmarkNotTaken(next, event.stepId, finished.next);
      return markNotTaken(next, event.stepId, event.target);
    }
    case 'input': {
      const source = INPUT_SOURCES[event.source];
      const inputs = { ...state.inputs, [event.name]: { ...(event.value !== undefined ? { value: event.value } : {}), secret: event.secret, source } };
      if (event.source === 'changed') return addMessage({ ...state, inputs }, { kind: 'info', text: `${event.name} changed${event.value !== undefined ? ` to ${event.value}` : ' (secret)'}: used from the next step on` });
      return { ...state, inputs: { ...state.inputs, [event.name]: { ...(event.value !== undefined ? { value: event.value } : {}), secret: event.secret, source } } };
    }
    case 'run-finished':
      return {
        ...state,
        // Steps never reached say so, unless the run was left to be resumed; a step left running was interrupted.
        steps: state.steps.map((step) =>
          step.state === 'running' ? { ...step, state: 'interrupted' } : step.state === 'pending' && event.outcome !== 'aborted' ? { ...step, state: 'not-reached' } : step,
        ),
        outcome: event.outcome,
        finishMessage: event.message,
        finishedAt: Date.parse(event.time),
        running: false,
        prompt: undefined,
        overlay: { kind: 'none' },
      };
  }
}

/** Step output (a frame's worth, merged) appended to the scrollback; a scrolled view stays still. */
export function applyOutput(state: TuiState, text: string): TuiState {
  const scrollback = appendOutput(state.scrollback, text);
  if (state.scroll === 0) return { ...state, scrollback };
  const added = scrollback.dropped + scrollback.lines.length - (state.scrollback.dropped + state.scrollback.lines.length);
  return { ...state, scrollback, scroll: Math.min(scrollback.lines.length, state.scroll + added) };
}

function updateStep(state: TuiState, id: string, change: (step: StepView) => StepView): TuiState {
  return { ...state, steps: state.steps.map((step) => (step.id === id ? change(step) : step)) };
}

/** Steps jumped over by a forward branch or go to (strictly between `fromId` and a later `toId`) are not taken. */
function markNotTaken(state: TuiState, fromId: string, toId: string | null): TuiState {
  return markBetween(state, fromId, toId, 'pending', 'not-taken');
}

/** Undoes `markNotTaken(state, fromId, toId)` (an operator's choice replaced that target). */
function unmarkNotTaken(state: TuiState, fromId: string, toId: string | null): TuiState {
  return markBetween(state, fromId, toId, 'not-taken', 'pending');
}

function markBetween(state: TuiState, fromId: string, toId: string | null, was: StepView['state'], becomes: StepView['state']): TuiState {
  if (toId === null) return state;
  const from = state.steps.findIndex((step) => step.id === fromId);
  const to = state.steps.findIndex((step) => step.id === toId);
  if (from < 0 || to <= from + 1) return state;
  return {
    ...state,
    steps: state.steps.map((step, index) => (index > from && index < to && step.state === was ? { ...step, state: becomes } : step)),
  };
}

const INPUT_SOURCES: Record<Extract<RunEvent, { type: 'input' }>['source'], string> = {
  prompt: 'typed by the operator',
  default: 'the declared default',
  flag: '--input',
  changed: 'changed by the operator during the run (used from the next step on)',
};

/** Where an input given when the run started came from, as far as the events tell. */
function startSource(state: TuiState, event: Extract<RunEvent, { type: 'run-started' }>, name: string, value: string): string {
  if (event.resumedFrom) return `given when the run started (resumed from ${event.resumedFrom})`;
  const known = state.inputSources[name];
  if (known) return known;
  if (state.inputSpecs[name]?.default === value) return 'the declared default';
  const others = [event.mode === 'rehearsal' && event.scenario ? 'the scenario' : undefined, event.alert ? 'the alert' : undefined].filter(Boolean);
  return others.length > 0 ? `given at the start: --input or ${others.join(' or ')}` : 'given at the start: --input';
}
