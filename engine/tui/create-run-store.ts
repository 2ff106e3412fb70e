import { runReducer } from './run-reducer.js';
import type { Effect, TuiAction, TuiState } from './tui-state.js';

export interface RunStore {
  getState(): TuiState;
  subscribe(listener: () => void): () => void;
  dispatch(action: TuiAction): void;
  /** Queues step output; merged and applied at most once per frame. */
  output(stepId: string, text: string): void;
  /** Applies queued output now (before any other event, to keep the order). */
  flush(): void;
  close(): void;
}

export interface RunStoreOptions {
  /** Milliseconds between output frames (default 33, about 30 per second). */
  frameMs?: number;
  /** Most output characters held between frames; older ones are dropped (default 1 MB). */
  maxPendingChars?: number;
  onEffect?: (effect: Effect, store: RunStore) => void;
}

/**
 * Holds the TUI state, applies actions through the reducer, performs the effects it queues,
 * and batches output so that a step printing 100 MB costs one state update per frame.
 */
export function createRunStore(initial: TuiState, options: RunStoreOptions = {}): RunStore {
  const frameMs = options.frameMs ?? 33;
  const maxPending = options.maxPendingChars ?? 1_000_000;
  let state = initial;
  const listeners = new Set<() => void>();
  let pending: string[] = [];
  let pendingChars = 0;
  let pendingStep = '';
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const store: RunStore = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispatch(action) {
      const next = runReducer(state, action);
      if (next === state) return;
      state = next;
      if (state.effects.length > 0) {
        const effects = state.effects;
        state = runReducer(state, { type: 'effects-done' });
        for (const effect of effects) options.onEffect?.(effect, store);
      }
      for (const listener of listeners) listener();
    },
    output(stepId, text) {
      if (pendingStep !== stepId) store.flush();
      pendingStep = stepId;
      pending.push(text);
      pendingChars += text.length;
      // Over the bound: drop whole chunks from the front (only the newest output can be seen).
      let drop = 0;
      while (pendingChars - pending[drop]!.length >= maxPending && drop < pending.length - 1) pendingChars -= pending[drop++]!.length;
      if (drop > 0) pending = pending.slice(drop);
      if (pendingChars > maxPending * 2) {
        const tail = pending.join('').slice(-maxPending);
        pending = [tail];
        pendingChars = tail.length;
      }
      if (!timer && !closed) timer = setTimeout(store.flush, frameMs);
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (pending.length === 0) return;
      const text = pending.join('');
      pending = [];
      pendingChars = 0;
      store.dispatch({ type: 'output', stepId: pendingStep, text });
    },
    close() {
      store.flush();
      closed = true;
      listeners.clear();
    },
  };
  return store;
}
