import type { RunEvent } from '../contracts/run-event.js';

/** Masks every string of an event except its `type` and `time` (the journal's second masking). */
export function maskEvent(event: RunEvent, masker: { mask(text: string): string }): RunEvent {
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key === 'type' || key === 'time' ? value : masker.mask(value);
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const k in value) out[masker.mask(k)] = walk((value as Record<string, unknown>)[k], k);
      return out;
    }
    return value;
  };
  return walk(event) as RunEvent;
}
