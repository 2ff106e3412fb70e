import { useInput } from 'ink';
import type { RunStore } from './create-run-store.js';
import { splitKeyInput } from './split-key-input.js';

/** Sends every key press to the store as a key action (Ctrl-C included: Ink does not exit on it). */
export function useKeyActions(store: RunStore, isActive = true): void {
  useInput(
    (input, key) => {
      const info = {
          upArrow: key.upArrow,
          downArrow: key.downArrow,
          leftArrow: key.leftArrow,
          rightArrow: key.rightArrow,
          pageUp: key.pageUp,
          pageDown: key.pageDown,
          home: key.home,
          end: key.end,
          return: key.return,
          escape: key.escape,
          ctrl: key.ctrl,
          meta: key.meta,
          tab: key.tab,
          backspace: key.backspace,
          delete: key.delete,
      };
      for (const press of splitKeyInput(input, info)) store.dispatch({ type: 'key', ...press });
    },
    { isActive },
  );
}
