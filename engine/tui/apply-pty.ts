/**
 * The reducer's part for steps that run in a terminal of their own: their screen (final lines
 * to the scrollback, live rows beside it) and typing in place (keys go to the step while
 * `typing`; Ctrl-] gives them back, Ctrl-C still stops the step, PgUp/PgDn still scroll).
 */
import { addMessage } from './add-message.js';
import { appendLines } from './append-output.js';
import { applyInterrupt, PAGE_ROWS, scrollBy } from './apply-key.js';
import type { TuiAction, TuiState } from './tui-state.js';

/** Gives the keys back to the TUI while they go to a step. */
export const GIVE_BACK_KEY = '\u001d';
const PAGE_UP = '\u001b[5~';
const PAGE_DOWN = '\u001b[6~';

type PtyAction = Extract<TuiAction, { type: 'pty-started' | 'screen' | 'pty-waiting' | 'raw-input' }>;

export function applyPty(state: TuiState, action: PtyAction): TuiState {
  switch (action.type) {
    case 'pty-started':
      return { ...state, pty: { stepId: action.stepId, live: [], typing: false } };
    case 'screen': {
      const scrollback = appendLines(state.scrollback, action.final);
      const added = scrollback.dropped + scrollback.lines.length - (state.scrollback.dropped + state.scrollback.lines.length);
      const scroll = state.scroll === 0 ? 0 : Math.min(scrollback.lines.length, state.scroll + added);
      if (action.ended || state.pty?.stepId !== action.stepId) return { ...state, scrollback, scroll, pty: action.ended ? undefined : state.pty };
      return { ...state, scrollback, scroll, pty: { ...state.pty, live: action.live } };
    }
    case 'pty-waiting':
      if (!state.pty || state.pty.stepId !== action.stepId || state.pty.typing || state.overlay.kind !== 'none') return state;
      return addMessage({ ...state, pty: { ...state.pty, typing: true }, scroll: 0 }, { kind: 'info', text: 'The step waits for input: keys go to it. Ctrl-] gives them back.' });
    case 'raw-input':
      return typeRaw(state, action.data);
  }
}

/** Input while keys go to the step. */
function typeRaw(state: TuiState, data: string): TuiState {
  const pty = state.pty;
  if (!pty?.typing || state.quitting || state.outcome !== undefined) return state;
  if (data === GIVE_BACK_KEY) return addMessage({ ...state, pty: { ...pty, typing: false } }, { kind: 'info', text: 'Keys are the runbook’s again; t types to the step.' });
  if (data === '\u0003') return applyInterrupt(state);
  if (data === PAGE_UP) return scrollBy(state, PAGE_ROWS);
  if (data === PAGE_DOWN) return scrollBy(state, -PAGE_ROWS);
  return { ...state, scroll: 0, effects: [...state.effects, { kind: 'type', data }] };
}

/** `t`: keys go to the step running in a terminal. */
export function startTyping(state: TuiState): TuiState {
  if (!state.pty) return addMessage(state, { kind: 'info', text: 't types to a step while it runs in its terminal.' });
  return { ...state, pty: { ...state.pty, typing: true }, scroll: 0 };
}
