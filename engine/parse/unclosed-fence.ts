import type { Code } from 'mdast';
import type { SourceIndex } from './source-index.js';

/**
 * remark runs an unclosed fence to the end of its container (often the end of the file): tell
 * from the source. Returns the opening marker (```` ``` ````, `~~~~`…) when the fence is not
 * closed, undefined when it is (or is an indented code block).
 */
export function unclosedFence(node: Code, source: SourceIndex): string | undefined {
  const position = node.position;
  if (!position) return undefined;
  const opening = source.line(position.start.line).slice(position.start.column - 1);
  const marker = /^(`{3,}|~{3,})/.exec(opening)?.[1];
  if (!marker) return undefined;
  const closing = source
    .line(position.end.line)
    .slice(0, position.end.column - 1)
    .replace(/^[\s>]*/, '')
    .trimEnd();
  const closed = position.end.line > position.start.line && closing.length >= marker.length && [...closing].every((char) => char === marker[0]);
  return closed ? undefined : marker;
}
