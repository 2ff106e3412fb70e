import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import { parseRunbook } from '../../engine/parse/parse-runbook.js';

const parse = (value: string) => {
  const file = new VFile({ path: 'x.md', value });
  return { parsed: parseRunbook(file), file };
};

test('a comment annotates the fence right after it (blank lines allowed), not one after prose', () => {
  const { parsed } = parse('<!-- runbook id: a -->\n\n\n```bash\necho a\n```\n\n<!-- runbook id: b -->\n\ntext\n\n```bash\necho b\n```\n');
  expect(parsed.items.map((item) => (item.kind === 'fence' ? ['fence', item.fence.annotation?.data] : ['annotation', item.annotation.data]))).toEqual([
    ['fence', { id: 'a' }],
    ['annotation', { id: 'b' }],
    ['fence', undefined],
  ]);
});

test('YAML problems point inside the comment', () => {
  const { file } = parse('# T\n\n<!-- runbook\nid: ok\n  bad: indent\n-->\n```sh\necho\n```\n');
  expect(file.messages.map(String)).toEqual(['x.md:4:5-4:6: Invalid YAML in annotation: Nested mappings are not allowed in compact mappings']);
});

test('places inside an annotation map to the YAML node, in block quotes and list items too', () => {
  const { parsed } = parse('> <!-- runbook\n> id: quoted\n> -->\n> ```sh\n> echo\n> ```\n\n1. item\n\n   <!-- runbook\n   timeout: 5s\n   -->\n   ```sh\n   echo\n   ```\n');
  const [first, second] = parsed.items;
  expect(first?.kind === 'fence' && first.fence.annotation?.place(['id']).start).toMatchObject({ line: 2, column: 7 });
  expect(second?.kind === 'fence' && second.fence.annotation?.place(['timeout']).start).toMatchObject({ line: 11, column: 13 });
});

test('an unclosed fence is an error at its opening line; a closed one is not', () => {
  expect(parse('```bash\necho\n```\n').file.messages).toEqual([]);
  expect(parse('````bash\necho\n```\n').file.messages.map(String)).toEqual([
    'x.md:1:1-1:9: Unclosed code fence, expected a closing fence of 4 or more backticks',
  ]);
  expect(parse('- item\n\n  ```sh\n  echo\n  ```\n').file.messages).toEqual([]);
});

test('front matter: its data, and its YAML errors at their line', () => {
  expect(parse('---\ntitle: T\nrunbook: { shell: zsh }\n---\n# H\n').parsed.frontMatter).toEqual({ title: 'T', runbook: { shell: 'zsh' } });
  expect(parse('---\ntitle: [\n---\n# H\n').file.messages.map(String)).toEqual(['x.md:2:8-2:9: Invalid YAML in front matter: Flow sequence in block collection must be sufficiently indented and end with a ]']);
});

test('headings get GitHub slugs, repeats numbered', () => {
  expect(parse('# A b\n## A b\n## Ünï & co!\n').parsed.headings.map((heading) => heading.slug)).toEqual(['a-b', 'a-b-1', 'ünï--co']);
});

test('attributes glued to the language still count: ```sh{name=x}', () => {
  const [item] = parse('```sh{name=glued}\necho\n```\n').parsed.items;
  expect(item?.kind === 'fence' && [item.fence.lang, item.fence.attributes?.data]).toEqual(['sh', { id: 'glued' }]);
});

test('an empty annotation has no keys', () => {
  const [item] = parse('<!-- runbook -->\n```sh\necho\n```\n').parsed.items;
  expect(item?.kind === 'fence' && item.fence.annotation?.data).toEqual({});
});

test('an unclosed flow collection or quote is reported where it opens, not a line late (issue 13 item 23)', () => {
  const { file } = parse('# T\n\n<!-- runbook\nid: a\ntimeout: [1m\nexpect: { exit: 0 }\n-->\n```sh\necho\n```\n\n<!-- runbook\nid: b\ntitle: "unclosed\n-->\n```sh\necho\n```\n');
  expect(file.messages.map(String)).toEqual([
    'x.md:5:10-5:11: Invalid YAML in annotation: Flow sequence in block collection must be sufficiently indented and end with a ]',
    'x.md:14:8-14:9: Invalid YAML in annotation: Missing closing "quote',
  ]);
});
