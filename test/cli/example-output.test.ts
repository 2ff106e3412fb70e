import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

// Made when a test runs (hooks do not run in a file whose tests are all filtered out).
let temp = '';
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'runbook-example-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The events of the one run journaled in `dir`. */
function journalEvents(dir: string): { type: string; checks?: { name: string; passed: boolean; example?: boolean; actual?: string }[] }[] {
  const files = readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith('.jsonl'));
  expect(files).toHaveLength(1);
  return readFileSync(join(dir, files[0]!), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

test('a transcript whose output differs passes in real bash: the difference is a check marked example, shown, not a failure', () => {
  const runbook = join(temp, 'example.md');
  writeFileSync(runbook, '# Pods\n\n```console\n$ echo "web-7d9f8c   1/1   Running   3m"\nweb-1a2b3c   1/1   Running   12d\n```\n');
  const journal = join(temp, 'journal-example');
  const result = runCli(['run', runbook, '--yes', '--journal', journal]);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('≠ expected output');
  expect(result.stdout).toContain('not a failure');
  const finished = journalEvents(journal).find((event) => event.checks && event.checks.length > 0)!;
  expect(finished.checks).toMatchObject([{ name: 'expected output', passed: false, example: true }]);
  expect(finished.checks![0]!.actual).toContain('web-1a2b3c');
});

test('with [..] wildcards, or expect: transcript, the output is an assertion: a mismatch fails the step', () => {
  const wildcard = join(temp, 'wildcard.md');
  writeFileSync(wildcard, '# Pods\n\n```console\n$ echo "web-7d9f8c   1/1   CrashLoopBackOff"\nweb-[..]   1/1   Running\n```\n');
  expect(runCli(['run', wildcard, '--yes', '--no-journal']).status).toBe(1);
  const strict = join(temp, 'strict.md');
  writeFileSync(strict, '# Pods\n\n<!-- runbook\nexpect: transcript\n-->\n```bash\necho unhealthy\n```\n\n```output\nhealthy\n```\n');
  const failed = runCli(['run', strict, '--yes', '--no-journal']);
  expect(failed.status).toBe(1);
  expect(failed.stdout).toContain('✘ expected output');
});

test('check DIR takes every Markdown file kind: .md, .markdown, .mdx, .md.erb, .html.md', () => {
  const dir = join(temp, 'docs');
  const names = ['a.md', 'b.markdown', 'c.mdx', 'd.html.md.erb', 'e.html.md', 'f.txt'];
  mkdirSync(dir);
  for (const name of names) writeFileSync(join(dir, name), '# Doc\n\n```bash\necho\n```\n\n<!-- runbook\ngoto: nowhere\n-->\n');
  const result = runCli(['check', dir, '--json']);
  expect(result.status).toBe(2);
  const files = [...new Set((JSON.parse(result.stdout) as { file: string }[]).map((message) => message.file.split('/').pop()))];
  expect(files.sort()).toEqual(['a.md', 'b.markdown', 'c.mdx', 'd.html.md.erb', 'e.html.md']);
});

test('check hints where commands are not steps, and how to run them; a runbook whose steps are all written gets none', () => {
  const dir = join(temp, 'hints');
  mkdirSync(dir);
  writeFileSync(join(dir, 'prose.md'), '# Fix\n\n```bash\nsystemctl status agent\n```\n\n1. Restart it: `systemctl restart agent`\n');
  writeFileSync(join(dir, 'other.md'), '# Fix\n\n```powershell\nkubectl get pods -n web\n```\n');
  writeFileSync(join(dir, 'written.md'), '# Fix\n\n```bash\nsystemctl status agent\n```\n');
  const messages = (name: string) => (JSON.parse(runCli(['check', join(dir, name), '--json']).stdout) as { line: number; message: string; severity: string }[]).map((message) => [message.line, message.severity, message.message]);
  expect(messages('prose.md')).toEqual([[7, 'info', expect.stringContaining('1 command in prose or unlabelled code blocks is not a step, expected `--lift` to run it')]]);
  expect(messages('other.md')).toEqual([[3, 'info', 'Unexpected shell commands in a `powershell` fence, expected `bash` (or `console`) for them to be a step']]);
  expect(messages('written.md')).toEqual([]);
  expect(runCli(['check', join(dir, 'prose.md'), '--lift', '--json']).stdout.trim()).toBe('[]');
});
