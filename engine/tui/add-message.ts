import type { Message, TuiState } from './tui-state.js';

/** Messages kept (only the latest is shown). */
const MAX_MESSAGES = 20;

/** Adds a hint, warning, note or explanation to the state. */
export function addMessage(state: TuiState, message: Message): TuiState {
  const messages = [...state.messages, message];
  return { ...state, messages: messages.length > MAX_MESSAGES ? messages.slice(-MAX_MESSAGES) : messages };
}
