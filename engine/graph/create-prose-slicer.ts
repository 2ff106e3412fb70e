import type { ParsedRunbook, RawAnnotation } from '../parse/types.js';

/**
 * Slices the Markdown between two offsets, leaving out runbook comments (settings, annotations
 * with YAML errors). Calls must come in document order: one pass over the comments in all.
 */
export function createProseSlicer(text: string, parsed: ParsedRunbook): (from: number, to: number) => string {
  const comments = annotationRanges(parsed);
  let next = 0;
  return (from, to) => {
    if (from >= to) return '';
    while (next < comments.length && comments[next]![1] <= from) next++;
    let prose = '';
    let at = from;
    for (let index = next; index < comments.length && comments[index]![0] < to; index++) {
      const [start, end] = comments[index]!;
      if (start >= at) prose += text.slice(at, start);
      at = Math.max(at, end);
    }
    return (prose + text.slice(at, Math.max(at, to))).trim();
  };
}

/** Offsets of every runbook comment, in document order. */
function annotationRanges(parsed: ParsedRunbook): [number, number][] {
  const ranges: [number, number][] = [];
  const add = (annotation: RawAnnotation | undefined) => {
    const start = annotation?.origin === 'comment' ? annotation.position.start.offset : undefined;
    const end = annotation?.position.end.offset;
    if (start !== undefined && end !== undefined) ranges.push([start, end]);
  };
  add(parsed.settingsAnnotation);
  for (const item of parsed.items) add(item.kind === 'fence' ? item.fence.annotation : item.annotation);
  return ranges.sort((a, b) => a[0] - b[0]);
}
