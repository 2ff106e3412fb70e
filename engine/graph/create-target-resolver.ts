import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { closestName } from './closest-name.js';
import type { Draft, HeadingSpan } from './draft-steps.js';
import { firstDraftFrom } from './first-draft-from.js';
import { reportProblem } from './report-problem.js';
import { parseTarget } from './resolve-target.js';
import type { Target } from '../contracts/step-graph.js';

export type ResolveTarget = (raw: unknown, place: Position) => { target: Target; raw: string } | undefined;

/**
 * Resolves targets as written: step ids (known ones), `#slug` (the first step of that heading's
 * section, subsections included), `next`, `stop`, `continue`, `end:OUTCOME`. Unknown ones are
 * reported at `place`; non-strings are the schema's problem and give undefined.
 */
export function createTargetResolver(drafts: Draft[], byId: Map<string, Draft>, headings: HeadingSpan[], file: VFile): ResolveTarget {
  const headingBySlug = new Map<string, number>();
  headings.forEach((entry, index) => headingBySlug.set(entry.heading.slug, index));
  const sectionEnd = (index: number) => {
    const depth = headings[index]!.heading.depth;
    for (let next = index + 1; next < headings.length; next++) if (headings[next]!.heading.depth <= depth) return headings[next]!.start;
    return Number.POSITIVE_INFINITY;
  };

  return (raw, place) => {
    if (typeof raw !== 'string') return undefined;
    const written = parseTarget(raw);
    switch (written.kind) {
      case 'invalid':
        reportProblem(file, written.reason, place, 'target');
        return { target: { kind: 'stop' }, raw };
      case 'id':
        if (!byId.has(written.id)) {
          const near = closestName(written.id, byId.keys());
          const known = near ? [`\`${near}\``] : [...byId.keys()].slice(0, 8).map((id) => `\`${id}\``);
          const more = near || byId.size > 8 ? ', …' : '';
          reportProblem(
            file,
            `Unknown target \`${written.id}\`, expected a step id${known.length ? ` (${known.join(', ')}${more})` : ''}, \`#heading\`, \`next\` or \`end:OUTCOME\``,
            place,
            'target',
          );
        }
        return { target: { kind: 'step', id: written.id }, raw };
      case 'anchor': {
        const index = headingBySlug.get(written.slug);
        if (index === undefined) {
          const near = closestName(written.slug, headingBySlug.keys());
          reportProblem(
            file,
            `Unknown anchor \`#${written.slug}\`, expected ${near ? `\`#${near}\` or another` : 'the'} anchor of a heading in this runbook`,
            place,
            'target',
          );
          return { target: { kind: 'step', id: `#${written.slug}` }, raw };
        }
        const first = firstDraftFrom(drafts, headings[index]!.start);
        if (!first || first.start >= sectionEnd(index)) {
          reportProblem(file, `Unexpected target \`#${written.slug}\`: section “${headings[index]!.heading.text}” has no steps`, place, 'target');
          return { target: { kind: 'step', id: `#${written.slug}` }, raw };
        }
        return { target: { kind: 'step', id: first.id }, raw };
      }
      default:
        return { target: written, raw };
    }
  };
}
