import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-check-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(join(dir, 'docs/nested'), { recursive: true });
  mkdirSync(join(dir, 'docs/node_modules'), { recursive: true });
  writeFileSync(join(dir, 'docs/good.md'), '# Good\n\n```bash\necho ok\n```\n');
  writeFileSync(join(dir, 'docs/nested/warn.markdown'), '# Warn\n\n<!-- runbook end: done -->\n\nThen:\n\n```bash\necho never\n```\n');
  writeFileSync(join(dir, 'docs/nested/bad.md'), '# Bad\n\n<!-- runbook\ntimeout: soon\n-->\n```bash\necho\n```\n');
  writeFileSync(join(dir, 'docs/node_modules/ignored.md'), '<!-- runbook\nbogus: 1\n-->\n```sh\necho\n```\n');
  writeFileSync(join(dir, 'docs/notes.txt'), 'not markdown, not looked at');
  writeFileSync(join(dir, 'docs/good.bad.scenario.yaml'), 'scenario: broken\nrunbook: ./good.md\ncommandz: []\n');
  writeFileSync(join(dir, 'seed.txt'), '# Any extension\n\n```sh\necho fine\n```\n');
});

test('a directory: Markdown files and scenarios, recursively; errors exit 2', () => {
  const result = runCli(['check', 'docs', '--json'], { cwd: dir });
  expect(result.status).toBe(2);
  const messages = JSON.parse(result.stdout) as { file: string; line: number; column: number; severity: string; message: string; ruleId: string }[];
  const files = [...new Set(messages.map((message) => message.file))].sort();
  expect(files).toEqual(['docs/good.bad.scenario.yaml', 'docs/nested/bad.md', 'docs/nested/warn.markdown']);
  expect(messages.find((message) => message.file === 'docs/nested/bad.md')).toEqual({
    file: 'docs/nested/bad.md',
    line: 4,
    column: 10,
    endLine: 4,
    endColumn: 14,
    severity: 'error',
    message: 'Unexpected duration `soon`, expected a number and a unit such as `30s`, `5m`, `1h`, `500ms` or `1m30s`',
    ruleId: 'duration',
  });
  expect(messages.find((message) => message.file === 'docs/nested/warn.markdown')).toMatchObject({ severity: 'warning', line: 7, ruleId: 'unreachable' });
});

test('warnings alone exit 0; a clean run says so on stderr; any extension is read when named', () => {
  const warned = runCli(['check', 'docs/nested/warn.markdown'], { cwd: dir });
  expect(warned.status).toBe(0);
  expect(warned.stderr).toContain('7:1-9:4 warning Unreachable step `warn-2`');
  const clean = runCli(['check', 'seed.txt', 'docs/good.md'], { cwd: dir });
  expect([clean.status, clean.stdout, clean.stderr]).toEqual([0, '', '2 files checked, no problems\n']);
});

test('the reporter prints file:line:column; NO_COLOR and --no-color mean no escape codes', () => {
  const result = runCli(['check', 'docs/nested/bad.md', '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('docs/nested/bad.md\n4:10-4:14 error Unexpected duration `soon`');
  expect(result.stderr).not.toMatch(/\u001b\[/);
});

test('a missing file is an error in its place; bad arguments exit 2 with help', () => {
  const missing = runCli(['check', 'missing.md'], { cwd: dir });
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('missing.md\n1:1 error Cannot find file');
  const flag = runCli(['check', '--bogus', 'seed.txt'], { cwd: dir });
  expect(flag.status).toBe(2);
  expect(flag.stderr).toContain("Unknown option '--bogus'");
  expect(flag.stderr).toContain('runbook check --help');
  const none = runCli(['check'], { cwd: dir });
  expect([none.status, none.stderr]).toEqual([2, 'runbook: check: expected a FILE or DIR\n  → runbook check --help\n']);
  const help = runCli(['check', '--help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^Usage: runbook check FILE\|DIR/);
});

test('a directory with nothing to check is an error, not a pass: it names the way to check other files', () => {
  mkdirSync(join(dir, 'seeds'), { recursive: true });
  writeFileSync(join(dir, 'seeds/000.txt'), '# Seed\n\n```sh\necho seed\n```\n');
  const result = runCli(['check', 'seeds'], { cwd: dir });
  expect([result.status, result.stderr]).toEqual([
    2,
    'runbook: check: no runbooks in seeds, expected Markdown files (*.md, *.markdown, *.mdx, *.md.erb…) or *.scenario.yaml scenarios\n  → name the files to check, whatever their extension: runbook check seeds/FILE\n',
  ]);
  expect(runCli(['check', 'seeds/000.txt'], { cwd: dir }).status).toBe(0);
});

test('a document remark cannot parse in linear time: exit 2 with its place, never 70 (issue 13 item 20)', () => {
  writeFileSync(join(dir, 'quotes.md'), '> '.repeat(2900) + 'x\n');
  writeFileSync(join(dir, 'stars.md'), '*'.repeat(8000) + 'x' + '*'.repeat(8000) + '\n');
  const result = runCli(['check', 'quotes.md', 'stars.md'], { cwd: dir });
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/quotes\.md\n1:1-1:5802 +error Unexpected 2900 nested block quotes and list items on one line, expected at most 16/);
  expect(result.stderr).toMatch(/stars\.md\n1:1-1:16002 +error Unexpected paragraph with more than 500 link and emphasis markers/);
});
