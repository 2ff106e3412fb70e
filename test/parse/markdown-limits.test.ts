import { VFile } from 'vfile';
import { describe, expect, test } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';
import { findMarkdownOverLimits, MARKDOWN_LIMITS } from '../../engine/parse/markdown-limits.js';
import { parseRunbook } from '../../engine/parse/parse-runbook.js';

const check = (value: string) => {
  const file = new VFile({ path: 'x.md', value });
  const loaded = checkRunbook(file);
  return { loaded, messages: file.messages.map((message) => `${message.ruleId} ${message.line}:${message.column} ${message.fatal ? 'error' : 'warning'}`) };
};

/** The documents of issue 13 item 20, and their kin: each used to overflow the stack or take seconds to minutes. */
const pathological: Record<string, string> = {
  'nested block quotes (5.8 KB)': '> '.repeat(2900) + 'x\n',
  'a run of 8,000 stars each side': '*'.repeat(8000) + 'x' + '*'.repeat(8000) + '\n',
  '5,000 nested links': '['.repeat(5000) + 'x' + '](u)'.repeat(5000) + '\n',
  'nested images': '!['.repeat(2000) + 'x' + '](u)'.repeat(2000) + '\n',
  'nested list items on one line': '- '.repeat(8000) + 'x\n',
  'a table row of 5,000 cells': '|a'.repeat(5000) + '|\n' + '|-'.repeat(5000) + '|\n',
};

describe('Markdown remark parses in more than linear time is one error, with a place, and nothing parsed', () => {
  for (const [name, text] of Object.entries(pathological)) {
    test(name, () => {
      const { loaded, messages } = check('# T\n\n```sh\necho\n```\n\n' + text);
      expect(messages).toEqual(['markdown-limit 7:1 error']);
      expect(loaded.ok).toBe(false);
      expect(loaded.graph?.steps).toEqual([]);
    });
  }
});

test('the message says what was over which limit', () => {
  expect(findMarkdownOverLimits('> '.repeat(40) + 'x')?.reason).toBe(
    `Unexpected 40 nested block quotes and list items on one line, expected at most ${MARKDOWN_LIMITS.containerDepth} (remark's time grows with the square of the depth)`,
  );
  expect(findMarkdownOverLimits('text\n' + '*a'.repeat(600))).toMatchObject({ start: 0, end: 1205, ruleId: 'markdown-limit' });
});

describe('runbook-shaped Markdown stays under the limits', () => {
  const cases: Record<string, string> = {
    'a list of 2,000 links': Array.from({ length: 2000 }, (_, i) => `- [link ${i}](https://example.com/${i}) *note*`).join('\n'),
    'a table of 1,000 rows with links': '| a | b |\n| - | - |\n' + Array.from({ length: 1000 }, (_, i) => `| [x${i}](u) | **y** |`).join('\n'),
    'stars, pipes and quotes in a fence': '> ```sh\n> ' + '*'.repeat(10_000) + '|'.repeat(500) + '\n> ' + '> '.repeat(100) + '\n> ```\n',
    'escaped markers': '\\*'.repeat(2000),
    '16 nested containers': '> - '.repeat(8) + 'x',
  };
  for (const [name, text] of Object.entries(cases)) {
    test(name, () => {
      expect(findMarkdownOverLimits(text)).toBeUndefined();
    });
  }
});

test('nesting under the limits: a fence deep in lists is found, the text of a heading is whole', () => {
  // Lists nested by indentation have no marker limit (remark's time stays linear in the text).
  const nested = Array.from({ length: 150 }, (_, i) => '  '.repeat(i) + '- item').join('\n') + '\n' + '  '.repeat(150) + '```sh\n' + '  '.repeat(150) + 'echo deep\n' + '  '.repeat(150) + '```\n';
  const file = new VFile({ path: 'x.md', value: nested });
  expect(parseRunbook(file).items).toHaveLength(1);
  // A heading's text is gathered without recursion too (mdast-util-to-string recurses).
  const heading = new VFile({ path: 'h.md', value: '# ' + '*a '.repeat(240) + 'b' + ' a*'.repeat(240) + '\n' });
  expect(parseRunbook(heading).headings[0]?.text).toBe('a '.repeat(240) + 'b' + ' a'.repeat(240));
});
