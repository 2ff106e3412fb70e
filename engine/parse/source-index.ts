import type { Point } from 'unist';

/** Offsets ↔ line/column for one file, built once (binary search per lookup). */
export interface SourceIndex {
  text: string;
  point(offset: number): Point;
  /** The text of a 1-based line, without its line ending. */
  line(line: number): string;
  lineStart(line: number): number;
}

export function createSourceIndex(text: string): SourceIndex {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);

  const lineStart = (line: number) => starts[Math.min(Math.max(line - 1, 0), starts.length - 1)]!;
  return {
    text,
    point(offset) {
      const clamped = Math.min(Math.max(offset, 0), text.length);
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle]! <= clamped) low = middle;
        else high = middle - 1;
      }
      return { line: low + 1, column: clamped - starts[low]! + 1, offset: clamped };
    },
    line(line) {
      const start = lineStart(line);
      const end = line < starts.length ? starts[line]! - 1 : text.length;
      return text.slice(start, end).replace(/\r$/, '');
    },
    lineStart,
  };
}
