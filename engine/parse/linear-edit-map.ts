import { EditMap } from 'micromark-util-edit-map';
import type { Event } from 'micromark-util-types';

/** The fields of micromark's `EditMap` (1.0.0) that `consume` works on. */
interface EditMapFields {
  map: Array<[number, number, Event[]]>;
  index: Map<number, unknown>;
}

/**
 * `EditMap.prototype.consume` of micromark-util-edit-map 1.0.0, without its quadratic part.
 *
 * The original copies the whole event list aside and pushes every event back, to apply edits
 * that lie near its end: micromark's document tokenizer does that each time a list (or another
 * container) closes, on the events of the whole document so far, so parsing costs the square of
 * the number of lists (figures in docs/workarounds.md). This one leaves the events before the
 * first edit where they are; the result is the same array with the same events.
 */
export function linearConsume(this: EditMapFields, events: Event[]): void {
  this.map.sort((a, b) => a[0] - b[0]);
  if (this.map.length === 0) return;
  const pieces: Event[][] = [];
  for (let index = this.map.length - 1; index >= 0; index--) {
    const [at, remove, add] = this.map[index]!;
    pieces.push(events.slice(at + remove), add);
    events.length = at;
  }
  for (let piece = pieces.pop(); piece; piece = pieces.pop()) {
    for (const event of piece) events.push(event);
  }
  this.map.length = 0;
  this.index.clear();
}

/**
 * Runs `parse` (one synchronous remark parse) with the linear `consume` on micromark's
 * `EditMap`, and puts micromark's own back afterwards: other users of micromark in the same
 * process (the TUI's prose renderer, a library user's own remark) parse with the original.
 * Why, what it buys and what would remove it: docs/workarounds.md.
 */
export function withLinearEditMap<T>(parse: () => T, target: new () => object = EditMap): T {
  const prototype = target.prototype as { consume?: unknown };
  const original = prototype.consume;
  if (original === linearConsume || !useLinearEditMap(target)) return parse();
  try {
    return parse();
  } finally {
    prototype.consume = original;
  }
}

/**
 * Puts the linear `consume` on micromark's `EditMap` (or on `target`, in tests), once, when it
 * is the version it was written for (an instance with `map` and `index`, and `consume(events)`);
 * any other is left as it is. There is one copy of the module (package-lock.json), so micromark
 * uses the patched class.
 */
export function useLinearEditMap(target: new () => object = EditMap): boolean {
  const prototype = target.prototype as { consume?: unknown };
  if (prototype.consume === linearConsume) return true;
  const probe = new target() as Partial<EditMapFields>;
  if (!Array.isArray(probe.map) || !(probe.index instanceof Map) || typeof prototype.consume !== 'function' || prototype.consume.length !== 1) return false;
  prototype.consume = linearConsume;
  return true;
}
