import type { Target } from '../contracts/step-graph.js';

/** A target as written, before step ids and anchors are known. */
export type WrittenTarget =
  | { kind: 'id'; id: string }
  | { kind: 'anchor'; slug: string }
  | Exclude<Target, { kind: 'step' }>;

/** `next`, `stop`, `continue`, `end:OUTCOME`, `#heading-slug` or a step id. */
export function parseTarget(text: string): WrittenTarget | { kind: 'invalid'; reason: string } {
  const trimmed = text.trim();
  if (trimmed === 'next') return { kind: 'next' };
  if (trimmed === 'stop') return { kind: 'stop' };
  if (trimmed === 'continue') return { kind: 'continue' };
  if (trimmed.startsWith('end:')) {
    const outcome = trimmed.slice(4).trim();
    if (!outcome) return { kind: 'invalid', reason: 'Unexpected empty outcome after `end:`, expected a word such as `end:resolved`' };
    if (!/^[A-Za-z][\w-]*$/.test(outcome)) return { kind: 'invalid', reason: `Unexpected outcome \`${outcome}\`, expected a word such as \`end:resolved\`` };
    return { kind: 'end', outcome };
  }
  if (trimmed.startsWith('#')) {
    const slug = trimmed.slice(1);
    if (!slug) return { kind: 'invalid', reason: 'Unexpected empty anchor `#`, expected `#heading-slug`' };
    return { kind: 'anchor', slug: safeDecode(slug) };
  }
  if (!trimmed) return { kind: 'invalid', reason: 'Unexpected empty target, expected a step id, `#heading`, `next` or `end:OUTCOME`' };
  return { kind: 'id', id: trimmed };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
