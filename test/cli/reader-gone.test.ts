import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cliPath } from './run-cli.js';

/** `runbook … | head -1`: the command ends quietly when its reader goes away (issue 13 item 19). */
const dir = mkdtempSync(join(tmpdir(), 'runbook-reader-gone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `runbook ARGS | head -1` in bash; the CLI's stderr and exit status, and what head printed. */
function throughHead(args: string): { stderr: string; status: number; head: string } {
  const result = spawnSync('bash', ['-c', `"$NODE" "$CLI" ${args} 2>"$DIR/stderr" | head -1; echo "\${PIPESTATUS[0]}" >"$DIR/status"`], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, NODE: process.execPath, CLI: cliPath, DIR: dir, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { head: result.stdout, stderr: readFileSync(join(dir, 'stderr'), 'utf8'), status: Number(readFileSync(join(dir, 'status'), 'utf8')) };
}

// More than a pipe holds (64 KiB) from each command, so the CLI is still writing when head has
// gone: long headings make long rows (the graph cuts its labels at about 60 characters) from a
// document small enough to parse in a moment.
const many = join(dir, 'many.md');
const heading = (i: number): string => `Section ${i} of a runbook whose headings run long, as some authors write them`;
writeFileSync(many, '# Many\n\n' + Array.from({ length: 1200 }, (_, i) => `## ${heading(i)}\n\n\`\`\`sh\necho ${i}\n\`\`\`\n`).join('\n'));

test('list and graph: the first line, then a quiet exit 0', () => {
  for (const command of ['list many.md', 'graph many.md', 'list many.md --json']) {
    const result = throughHead(command);
    expect(result.head).not.toBe('');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }
}, 120_000); // three CLI runs over a 1,200-section document

test('a run whose reader goes away stops as on SIGTERM: no later step runs, no stack trace', () => {
  writeFileSync(join(dir, 'pipe.md'), '# R\n\n## One\n\n```sh\nseq 1 200000\n```\n\n## Two\n\n```sh\ntouch marker\n```\n');
  const result = throughHead('run pipe.md --yes --no-journal');
  expect(result.stderr).not.toMatch(/EPIPE|at /);
  expect(result.status).toBe(130);
  expect(existsSync(join(dir, 'marker'))).toBe(false);
});
