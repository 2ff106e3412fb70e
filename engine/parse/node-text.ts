import type { Nodes } from 'mdast';

/**
 * The text of a node, as `mdast-util-to-string` gives it (values, image alts, children in
 * order), without recursion: emphasis nested thousands deep in a heading is still text.
 */
export function nodeText(node: Nodes): string {
  let text = '';
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if ('value' in current && typeof current.value === 'string') text += current.value;
    else if ('alt' in current) text += current.alt ?? '';
    else if ('children' in current) for (let index = current.children.length - 1; index >= 0; index--) stack.push(current.children[index] as Nodes);
  }
  return text;
}
