import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';

/** Random runbook-shaped Markdown never makes checking throw, and every message has a place. */
const pieces = [
  '# Title\n',
  '## Section\n',
  '### Section\n',
  'Some prose with `code` and <b>html</b>.\n',
  '```bash\necho "$NAME" <thing>\n```\n',
  '~~~sh\ncat <<EOF\n$X\nEOF\n~~~\n',
  '```console\n$ ls\n> -la\nfile\n```\n',
  '```output\nok\n```\n',
  '```sh {name=cell interactive=true}\ntrue\n```\n',
  '```bash\nunclosed\n',
  '<!-- runbook id: a -->\n',
  '<!-- runbook\nask: Q?\nchoices: { "Yes": next, "No": "#section" }\n-->\n',
  '<!-- runbook\nbranch:\n  - when: { stdout: /x(/ }\n    goto: a\n  - else: end:done\n-->\n',
  '<!-- runbook\nexpect: { json: { "$.a[": 1 }, exit: [1, 300] }\ncapture: { V: { regex: "(", json: "$" } }\n-->\n',
  '<!-- runbook goto: "#nowhere" -->\n',
  '<!-- runbook\n  bad: [yaml\n-->\n',
  '<!-- runbook\nrunbook:\n  inputs: { N: { default: 1 } }\n-->\n',
  '<!-- runbook',
  '<!-- runbook end: resolved -->\n',
  '- item\n\n  ```sh\n  echo in list\n  ```\n',
  '> quote\n>\n> <!-- runbook\n> timeout: 5x\n> -->\n> ```sh\n> echo\n> ```\n',
  '---\nrunbook: { timeout: 1m }\n---\n',
  '\n',
  '| a | b |\n| - | - |\n| 1 | 2 |\n',
];

test('random documents: no exceptions, every message placed', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 300; round++) {
    const value = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('\n');
    const file = new VFile({ path: 'fuzz.md', value });
    const loaded = checkRunbook(file);
    expect(loaded.graph).toBeDefined();
    for (const message of file.messages) {
      expect(message.line, `${message.reason}\n---\n${value}`).toBeGreaterThan(0);
      expect(message.column).toBeGreaterThan(0);
    }
  }
});
