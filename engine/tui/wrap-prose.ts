import type { ProseLine, ProseSpan } from './render-prose.js';
import { takeColumns, textWidth } from './wrap-text.js';

/**
 * Word-wraps prose lines to a width in terminal columns (display width: CJK characters take
 * two); continuation rows keep the indentation (past the marker).
 */
export function wrapProse(lines: ProseLine[], width: number): ProseLine[] {
  return lines.flatMap((line) => wrapProseLine(line, width));
}

export function wrapProseLine(line: ProseLine, width: number): ProseLine[] {
  const lead = line.indent + (line.marker ? textWidth(line.marker) + 1 : 0);
  const room = Math.max(10, width - lead);
  const words: ProseSpan[] = [];
  for (const span of line.spans) {
    for (const piece of span.text.split(/(?<= )/)) if (piece !== '') words.push({ text: piece, style: span.style });
  }
  const rows: ProseSpan[][] = [[]];
  let used = 0;
  for (const word of words) {
    let text = word.text;
    if (used > 0 && used + textWidth(text.trimEnd()) > room) {
      rows.push([]);
      used = 0;
    }
    // A word longer than the row (or the room left on it: CJK prose has no spaces) is cut.
    while (textWidth(text.trimEnd()) > room - used) {
      const [head, rest] = takeColumns(text, room - used);
      rows[rows.length - 1]!.push({ text: head, style: word.style });
      rows.push([]);
      used = 0;
      text = rest;
    }
    rows[rows.length - 1]!.push({ text, style: word.style });
    used += textWidth(text);
  }
  return rows.map((spans, index) => ({
    indent: index === 0 ? line.indent : lead,
    marker: index === 0 ? line.marker : undefined,
    spans: mergeSpans(spans),
  }));
}

function mergeSpans(spans: ProseSpan[]): ProseSpan[] {
  const merged: ProseSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && last.style === span.style) last.text += span.text;
    else merged.push({ ...span });
  }
  const last = merged[merged.length - 1];
  if (last) last.text = last.text.trimEnd();
  return merged.filter((span) => span.text !== '');
}
