import { useStdin } from 'ink';
import { useEffect } from 'react';
import type { RunStore } from './create-run-store.js';

/**
 * Sends input as it came from the terminal (escape sequences whole) to the store, for a step
 * that has the keys. Called before `useKeyActions`, so that its listener hears a key first: a key
 * that gives the keys back is not then also taken as a command.
 */
export function useRawInput(store: RunStore, isActive = true): void {
  const { internal_eventEmitter: emitter } = useStdin() as ReturnType<typeof useStdin> & { internal_eventEmitter?: NodeJS.EventEmitter };
  useEffect(() => {
    if (!isActive || !emitter) return;
    const onInput = (data: string): void => {
      if (store.getState().pty?.typing) store.dispatch({ type: 'raw-input', data });
    };
    emitter.on('input', onInput);
    return () => {
      emitter.off('input', onInput);
    };
  }, [store, emitter, isActive]);
}
