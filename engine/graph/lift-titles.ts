import type { Code, Nodes, Parents } from 'mdast';
import { firstSentence, itemTitle, plainText, shorten } from '../parse/lift-items.js';

/**
 * What introduces each code block, as a person would name the step: the list item it sits in
 * (its bold lead, else its first sentence), else the last sentence of the paragraph right
 * before it ("Check how large a single backup is:"). Used as the title when several steps share
 * a heading, instead of "Heading (n)" (docs/lifting.md). One walk over the tree.
 */
export function introTitles(tree: Parents): Map<Code, string> {
  const titles = new Map<Code, string>();
  const walk = (parent: Parents, item: string | undefined) => {
    let inItem = 0;
    parent.children.forEach((node: Nodes, index: number) => {
      if (node.type === 'code') {
        // Two blocks in one item: "Install python", "Install python (2)".
        const title = item !== undefined ? (++inItem > 1 ? `${item} (${inItem})` : item) : sentenceBefore(parent.children[index - 1]);
        if (title) titles.set(node, title);
      } else if (node.type === 'listItem') walk(node, itemTitle(node) ?? item);
      else if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'table') walk(node, item);
    });
  };
  walk(tree, undefined);
  return titles;
}

function sentenceBefore(node: Nodes | undefined): string | undefined {
  if (node?.type !== 'paragraph') return undefined;
  const sentences = plainText(node).split(/(?<=[.!?])\s+/);
  const last = sentences[sentences.length - 1] ?? '';
  const text = firstSentence(last).replace(/[,;]+$/, '');
  return text.length >= 3 ? shorten(text) : undefined;
}
