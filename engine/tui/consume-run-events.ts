import type { RunEvent } from '../contracts/run-event.js';
import type { RunStore } from './create-run-store.js';

/** Output characters kept in the returned events (a step may print 100 MB; the screen keeps only its scrollback). */
export const MAX_KEPT_OUTPUT_CHARS = 1_000_000;
/** After `q`, how long the runner gets to wind down before the TUI stops listening to it. */
const LEAVE_GRACE_MS = 3000;
/** The event loop is given back this often while events pour in, so keys and frames are never starved. */
const YIELD_EVERY_MS = 16;

export interface Consumed {
  outcome?: string;
  failure?: unknown;
}

/**
 * Reads the run's events into the store (and `events`) until the run finishes, or until
 * `LEAVE_GRACE_MS` after the operator left (`left` resolves). Output of steps whose screen the
 * TUI draws itself (`onScreen`) is kept in the events but not drawn twice.
 */
export async function consumeRunEvents(
  events: AsyncIterable<RunEvent>,
  store: RunStore,
  kept: RunEvent[],
  options: { left: Promise<void>; onScreen(stepId: string): boolean },
): Promise<Consumed> {
  let keptOutput = 0;
  const LEFT = Symbol('left');
  const forced = options.left.then(() => new Promise<typeof LEFT>((resolve) => setTimeout(() => resolve(LEFT), LEAVE_GRACE_MS).unref()));
  const iterator = events[Symbol.asyncIterator]();
  let lastYield = Date.now();
  const consumed: Consumed = {};
  try {
    for (;;) {
      const next = iterator.next();
      // Once the TUI stops listening, a late failure of this read must not go unhandled.
      next.catch(() => undefined);
      const result = await Promise.race([next, forced]);
      if (result === LEFT) {
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
        break;
      }
      if (result.done) break;
      const event = result.value;
      if (event.type === 'output') {
        if (!options.onScreen(event.stepId)) store.output(event.stepId, event.text);
        if (keptOutput < MAX_KEPT_OUTPUT_CHARS) {
          keptOutput += event.text.length;
          kept.push(event);
        }
      } else {
        store.flush();
        kept.push(event);
        store.dispatch({ type: 'event', event });
        if (event.type === 'run-finished') consumed.outcome = event.outcome;
      }
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    }
  } catch (error) {
    consumed.failure = error;
  }
  return consumed;
}
