import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import type { Draft } from './draft-steps.js';
import { reportProblem } from './report-problem.js';

const RESERVED_IDS = new Set(['next', 'stop', 'continue', 'end']);

/**
 * Written ids first (duplicates and target-like ids are errors), then defaults: the section's
 * slug, `slug-2`, `slug-3`… (`step-1`, `step-2`… before any heading), skipping taken ones.
 * Returns the steps by id.
 */
export function assignStepIds(drafts: Draft[], file: VFile): Map<string, Draft> {
  const taken = new Map<string, Draft>();
  for (const draft of drafts) {
    const id = draft.source.keys.id;
    if (typeof id !== 'string' || !id) continue;
    const place = draft.source.place(['id']);
    if (RESERVED_IDS.has(id) || id.startsWith('#') || id.startsWith('end:')) {
      reportProblem(file, `Unexpected step id \`${id}\`, it reads as a target; expected another name`, place, 'step-id');
      continue;
    }
    const first = taken.get(id);
    if (first) {
      const cause = new VFileMessage('First defined here', { place: first.source.place(['id']), ruleId: 'duplicate-id', source: 'runbook' });
      reportProblem(file, `Duplicate step id \`${id}\`, expected each step id once`, place, 'duplicate-id', { cause });
      continue;
    }
    draft.id = id;
    taken.set(id, draft);
  }
  for (const draft of drafts) {
    if (draft.id) continue;
    const base = draft.heading ? draft.heading.slug || 'section' : 'step';
    let candidate = draft.heading ? (draft.nth === 1 ? base : `${base}-${draft.nth}`) : `step-${draft.nth}`;
    for (let counter = draft.nth + 1; taken.has(candidate); counter++) candidate = `${base}-${counter}`;
    draft.id = candidate;
    taken.set(candidate, draft);
  }
  return taken;
}
