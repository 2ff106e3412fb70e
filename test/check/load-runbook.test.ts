import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VFile } from 'vfile';
import { afterAll, expect, test } from 'vitest';
import { checkRunbook, loadRunbook } from '../../engine/check/load-runbook.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (value: string) => {
  const file = new VFile({ path: 'x.md', value });
  const loaded = checkRunbook(file);
  return { ...loaded, messages: file.messages.map((message) => `${message.fatal ? 'error' : 'warning'} ${String(message)}`) };
};

test('a missing file and a directory are one error each at 1:1', async () => {
  const missing = await loadRunbook(join(dir, 'nope.md'));
  expect(missing.ok).toBe(false);
  expect(missing.graph).toBeUndefined();
  expect(missing.file.messages.map(String)).toEqual([`${join(dir, 'nope.md')}:1:1: Cannot find file, expected an existing Markdown file`]);
  mkdirSync(join(dir, 'folder.md'));
  expect((await loadRunbook(join(dir, 'folder.md'))).file.messages.map((m) => m.reason)).toEqual(['Unexpected directory, expected a Markdown file']);
});

test('a file with no steps is fine; a BOM is dropped', async () => {
  writeFileSync(join(dir, 'prose.md'), '\uFEFF# Only prose\n\nNothing to run.\n');
  const loaded = await loadRunbook(join(dir, 'prose.md'));
  expect(loaded.ok).toBe(true);
  expect(loaded.graph?.title).toBe('Only prose');
  expect(loaded.graph?.steps).toEqual([]);
});

test('warnings do not make a runbook invalid: unreachable steps, loops, unused inputs', () => {
  const result = check(
    [
      '---',
      'runbook: { inputs: { NEVER: {} } }',
      '---',
      '# W',
      '<!-- runbook goto: end:done -->',
      '',
      'Left over from an older version:',
      '',
      '```sh',
      'echo unreachable',
      '```',
    ].join('\n'),
  );
  expect(result.ok).toBe(true);
  expect(result.messages).toEqual([
    'warning x.md:2:22-2:27: Unused input `NEVER`, expected a step to use `$NEVER`',
    'warning x.md:9:1-11:4: Unreachable step `w-2`, expected a path from the first step to lead here',
  ]);
});

test('a loop with a way out is not reported', () => {
  const result = check(
    [
      '# Poll',
      '<!-- runbook',
      'id: poll',
      'branch:',
      '  - when: { stdout: ready }',
      '    goto: end:resolved',
      '  - else: wait',
      '-->',
      '```sh',
      'curl -s localhost/health',
      '```',
      '<!-- runbook',
      'id: wait',
      'goto: poll',
      '-->',
    ].join('\n'),
  );
  expect(result.messages).toEqual([]);
});

test('duplicate ids point at the first one through `cause`', () => {
  const file = new VFile({ path: 'x.md', value: '<!-- runbook id: a -->\n```sh\necho\n```\n\n<!-- runbook id: a -->\n```sh\necho\n```\n' });
  checkRunbook(file);
  const [message] = file.messages;
  expect(String(message)).toBe('x.md:6:18-6:19: Duplicate step id `a`, expected each step id once');
  expect(String(message?.cause)).toBe('1:18-1:19: First defined here');
});

test('schema problems point at the YAML node inside the comment', () => {
  expect(check('# S\n\n<!-- runbook\nretry:\n  attempts: many\n  delay: 1s\n  tries: 2\n-->\n```sh\necho\n```\n').messages).toEqual([
    'error x.md:5:13-5:17: Unexpected text `many` for `retry.attempts`, expected an integer',
    'error x.md:7:3-7:8: Unexpected key `tries` in `retry`, expected one of `attempts`, `delay`, `until`',
  ]);
});

test('every seed in ../shared/seeds loads without an error', async () => {
  const seeds = resolve(import.meta.dirname, '../../../shared/seeds');
  let names: string[] = [];
  try {
    names = readdirSync(seeds);
  } catch {
    return;
  }
  for (const name of names) {
    const loaded = await loadRunbook(join(seeds, name));
    expect(loaded.file.messages.filter((message) => message.fatal).map(String), name).toEqual([]);
  }
});

test('a command that can only go back to itself is a loop without an exit: an error, nothing runs (issue 13 item 23)', () => {
  const result = check('# Spin\n<!-- runbook\nid: spin\nbranch:\n  - else: spin\n-->\n```sh\ntrue\n```\n');
  expect(result.ok).toBe(false);
  expect(result.messages).toEqual([
    'error x.md:7:1-9:4: Unexpected loop without an exit: `spin` → `spin`, expected a step of it to lead out (a branch, a choice or an end)',
  ]);
});

test('an unknown JSON operator is an error, not an object compared for equality (issue 13 item 23)', () => {
  const result = check("# J\n<!-- runbook\nexpect: { json: { '$.n': { greater: 1 } } }\n-->\n```sh\necho '{\"n\": 2}'\n```\n");
  expect(result.ok).toBe(false);
  expect(result.messages).toEqual([
    'error x.md:3:28-3:35: Unexpected operator `greater`, expected one of `lt`, `lte`, `gt`, `gte`, `eq`, `ne`, `in`, `regex` (to compare with an object holding `greater`, write it under `eq`)',
  ]);
  expect(check("# J\n<!-- runbook\nexpect: { json: { '$.n': { gt: 1, max: 3 } } }\n-->\n```sh\ntrue\n```\n").messages[0]).toContain('Unexpected operator `max`');
  // An object with other keys is still a literal.
  expect(check("# J\n<!-- runbook\nexpect: { json: { '$.m': { status: ok } } }\n-->\n```sh\ntrue\n```\n").ok).toBe(true);
});

test('on-failure beside a branch else is unreachable but for timeouts and stops: a warning (issue 13 item 17)', () => {
  const result = check('# B\n<!-- runbook\nbranch:\n  - when: { exit: 1 }\n    goto: next\n  - else: next\non-failure: continue\n-->\n```sh\ntrue\n```\n');
  expect(result.ok).toBe(true);
  expect(result.messages).toEqual([
    'warning x.md:7:1-7:11: Unexpected `on-failure` beside a branch `else`: every exit takes a branch or `else`, so only a timeout or a stop reaches it, expected `on-failure` without `else` (or an `expect` that can fail)',
  ]);
  // With an expect that can fail, on-failure is reachable.
  expect(check('# B\n<!-- runbook\nexpect: { stdout: ok }\nbranch:\n  - else: next\non-failure: continue\n-->\n```sh\necho ok\n```\n').messages).toEqual([]);
});
