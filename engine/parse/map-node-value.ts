import type { Html } from 'mdast';
import type { Point } from 'unist';
import type { SourceIndex } from './source-index.js';

/**
 * Maps an index in a node's `value` to its place in the file. Inside containers (block quotes,
 * list items) remark strips the container's prefix from each line, so map line by line.
 */
export function mapNodeValue(node: Html, source: SourceIndex): (index: number) => Point {
  const position = node.position!;
  const start = position.start.offset ?? 0;
  if (source.text.slice(start, position.end.offset) === node.value) return (index) => source.point(start + index);
  const lines = node.value.split('\n');
  const lineStartsInValue: number[] = [];
  let at = 0;
  for (const line of lines) {
    lineStartsInValue.push(at);
    at += line.length + 1;
  }
  return (index) => {
    // The last line starting at or before `index` (binary search: a node may hold many comments).
    let lineIndex = 0;
    let high = lineStartsInValue.length - 1;
    while (lineIndex < high) {
      const middle = (lineIndex + high + 1) >> 1;
      if (lineStartsInValue[middle]! <= index) lineIndex = middle;
      else high = middle - 1;
    }
    const valueLine = lines[lineIndex]!;
    const fileLine = position.start.line + lineIndex;
    const text = source.line(fileLine);
    const prefix = lineIndex === 0 ? position.start.column - 1 : text.endsWith(valueLine) ? text.length - valueLine.length : 0;
    const column = prefix + (index - lineStartsInValue[lineIndex]!) + 1;
    return { line: fileLine, column, offset: source.lineStart(fileLine) + column - 1 };
  };
}
