import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

/** Issue 13 item 10 (titles on the terminal, `<script>` in report headings) and item 23 (the runs table fits). */
const dir = mkdtempSync(join(tmpdir(), 'runbook-terminal-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const evil = join(dir, 'evil.md');
writeFileSync(evil, '# Evil \u001b]0;pwned\u0007 title\n\n## Step \u001b[2J\u001b[31mred\u001b[0m <script>alert(1)</script>\n\n```sh\necho hi\n```\n');
const journal = join(dir, 'journal');

test('list and the progress lines of a run print no escape sequence from a title', () => {
  const list = runCli(['list', evil], { cwd: dir });
  expect(list.status).toBe(0);
  expect(list.stdout).toContain('Step red <script>alert(1)</script>');
  expect(list.stdout).not.toContain('\u001b');
  const run = runCli(['run', evil, '--yes', '--journal', journal], { cwd: dir });
  expect(run.status).toBe(0);
  expect(run.stdout + run.stderr).toContain('Evil  title');
  expect(run.stdout + run.stderr).not.toContain('\u001b');
});

test('the Markdown report escapes HTML in headings', () => {
  const runId = readdirSync(journal).find((name) => name.endsWith('.jsonl'))!.replace(/\.jsonl$/, '');
  const report = runCli(['report', runId, '--journal', journal], { cwd: dir });
  expect(report.status).toBe(0);
  expect(report.stdout).toMatch(/^### \S+ Step red \\<script\\>alert\(1\)\\<\/script\\> \(/m);
  expect(report.stdout).not.toContain('<script>');
  expect(report.stdout).not.toContain('\u001b');
});

test('the runs table fits the terminal: a long runbook path gives way, keeping its file name', () => {
  const deep = join(dir, 'a-very-long-directory-name-for-runbooks'.repeat(3));
  rmSync(deep, { recursive: true, force: true });
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'agent-not-responding.md'), '# Agent\n\n```sh\necho ok\n```\n');
  expect(runCli(['run', join(deep, 'agent-not-responding.md'), '--yes', '--journal', journal], { cwd: dir }).status).toBe(0);
  const runs = runCli(['runs', '--journal', journal], { cwd: dir, env: { COLUMNS: '120' } });
  expect(runs.status).toBe(0);
  const lines = runs.stdout.trimEnd().split('\n');
  for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(120);
  expect(lines.some((line) => line.includes('…') && line.includes('responding.md'))).toBe(true);
});
