import { useSyncExternalStore } from 'react';
import type { RunStore } from './create-run-store.js';
import type { TuiState } from './tui-state.js';

/** The store's state; the component re-renders when it changes. */
export function useRunState(store: RunStore): TuiState {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
