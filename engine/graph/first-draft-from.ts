import type { Draft } from './draft-steps.js';

/** The first draft starting at or after `offset` (drafts are in document order); undefined past the last. */
export function firstDraftFrom(drafts: Draft[], offset: number): Draft | undefined {
  let low = 0;
  let high = drafts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (drafts[middle]!.start < offset) low = middle + 1;
    else high = middle;
  }
  return drafts[low];
}
