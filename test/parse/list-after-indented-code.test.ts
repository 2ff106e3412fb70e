// @ts-expect-error: commonmark.js ships no types; it is the reference here
import { HtmlRenderer, Parser } from 'commonmark';
import type { List, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import { listAfterIndentedCode } from '../../engine/parse/list-after-indented-code.js';
import { parseRunbook } from '../../engine/parse/parse-runbook.js';

/** Ordered lists as [start, number of items], in document order, from an mdast tree. */
function listsOf(tree: Root): [number, number][] {
  const found: [number, number][] = [];
  const visit = (node: { type: string; children?: unknown[] }) => {
    if (node.type === 'list' && (node as List).ordered) found.push([(node as List).start ?? 1, (node as List).children.length]);
    for (const child of (node.children ?? []) as { type: string }[]) visit(child);
  };
  visit(tree);
  return found;
}

/** The same from commonmark.js's HTML: `<ol start="3">` and its `<li>`s. */
function commonmarkLists(markdown: string): [number, number][] {
  const html: string = new HtmlRenderer().render(new Parser().parse(markdown));
  return [...html.matchAll(/<ol(?: start="(\d+)")?>([\s\S]*?)<\/ol>/g)].map((match) => [Number(match[1] ?? 1), (match[2]!.match(/<li>/g) ?? []).length]);
}

const CASES = [
  '    code\n\n3. three\n4. four\n',
  'Restore:\n\n    innobackupex --apply-log /backup\n\n3. Start the server\n4. Check the log\n',
  '1. Stop mysqld\n2. Copy the data\n\n        cp -a /backup /var/lib/mysql\n\n3. Fix ownership\n4. Start mysqld\n',
  'Some text.\n2. not a list (interrupts a paragraph)\n',
  '    code\n3. lazy? no: a list right after code\n',
  '    code\n\n1. one\n2. two\n',
  'A paragraph\n    continued\n3. interrupts it: not a list\n',
  '- item\n\n        code in the item\n\n  5. five\n',
];

test('an ordered list not starting at 1 after an indented code block is a list, as commonmark.js reads it', () => {
  for (const markdown of CASES) {
    const ours = listsOf(parseRunbook(new VFile({ path: 'x.md', value: markdown })).tree);
    expect(ours, markdown).toEqual(commonmarkLists(markdown));
  }
  // micromark alone loses the list (the bug this works around); with the extension it does not.
  expect(listsOf(fromMarkdown(CASES[0]!))).toEqual([]);
  expect(listsOf(fromMarkdown(CASES[0]!, { extensions: [listAfterIndentedCode] }))).toEqual([[3, 2]]);
});
