import type { ProseLine, ProseSpan } from './render-prose.js';

/** Word-wraps prose lines to a width; continuation rows keep the indentation (past the marker). */
export function wrapProse(lines: ProseLine[], width: number): ProseLine[] {
  return lines.flatMap((line) => wrapProseLine(line, width));
}

export function wrapProseLine(line: ProseLine, width: number): ProseLine[] {
  const lead = line.indent + (line.marker ? line.marker.length + 1 : 0);
  const room = Math.max(10, width - lead);
  const words: ProseSpan[] = [];
  for (const span of line.spans) {
    for (const piece of span.text.split(/(?<= )/)) if (piece !== '') words.push({ text: piece, style: span.style });
  }
  const rows: ProseSpan[][] = [[]];
  let used = 0;
  for (const word of words) {
    let text = word.text;
    if (used > 0 && used + text.trimEnd().length > room) {
      rows.push([]);
      used = 0;
    }
    // A word longer than the row is cut.
    while (text.length > room) {
      rows[rows.length - 1]!.push({ text: text.slice(0, room), style: word.style });
      rows.push([]);
      text = text.slice(room);
    }
    rows[rows.length - 1]!.push({ text, style: word.style });
    used += text.length;
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
