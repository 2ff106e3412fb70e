/**
 * Steps run with `set -o pipefail`, yet a producer that a consumer leaves early (`yes | head -1`,
 * `kubectl get pods | head`) is killed by SIGPIPE (141), which is what the author meant: a
 * pipeline whose only failing members are non-last ones killed by SIGPIPE, with its last member
 * successful, is a success. Real bash, both ways a step runs (the shell server and a new bash
 * per command), and an interactive step (a terminal of its own).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBashExecutor } from '../../engine/shell/bash-executor.js';
import type { ExecRequest } from '../../engine/contracts/run-seams.js';
import { makeStep, testEnv } from '../run/helpers.js';

describe.each([
  ['through the shell server', true, false],
  ['with a new bash per command', false, false],
  ['interactively (a terminal of its own)', true, true],
])('a pipeline run %s', (_, server, interactive) => {
  const executor = createBashExecutor({ server });
  const cwd = mkdtempSync(join(tmpdir(), 'runbook-pipe-status-'));
  afterAll(async () => {
    await executor.close?.();
    rmSync(cwd, { recursive: true, force: true });
  });
  const run = (command: string) =>
    executor.exec({ step: makeStep({ id: 'x', command: '' }), command, env: testEnv(), cwd, timeoutMs: 15_000, interactive } satisfies ExecRequest);

  it('succeeds when its producers were only cut short by SIGPIPE and its last member succeeded', async () => {
    const head = await run('yes | head -1');
    expect(head.exitCode, head.output).toBe(0);
    if (!interactive) expect(head.stdout).toBe('y\n');
    expect((await run('(echo partial; exit 6) | tail -1')).exitCode).toBe(6);
    if (interactive) return;
    // Two producers cut short, the middle one too.
    expect((await run('yes | cat | head -2 | wc -l')).exitCode).toBe(0);
    // A step that traces itself sees none of the check.
    const traced = await run('set -x; yes | head -1');
    expect(traced.exitCode).toBe(0);
    expect(traced.output).not.toContain('pipe_status');
    expect(traced.output).not.toContain('PIPESTATUS');
  });

  it.skipIf(interactive)('still fails on a real failure of any member, or when the last member was the one killed', async () => {
    // `curl … | tail` where curl cannot resolve the host (6).
    expect((await run('(echo partial; exit 6) | tail -1')).exitCode).toBe(6);
    // SIGPIPE and a real failure: the real one counts.
    expect((await run('yes | (exit 3) | cat')).exitCode).toBe(3);
    expect((await run('yes | head -1 | false')).exitCode).toBe(1);
    // The last member killed by SIGPIPE is a failure (the step's own output went nowhere).
    expect((await run("yes | sh -c 'kill -PIPE $$'")).exitCode).toBe(141);
    // Only the last pipeline decides the step's status, as bash's `$?` does.
    expect((await run('yes | head -1; false')).exitCode).toBe(1);
    expect((await run('exit 141')).exitCode).toBe(141);
  });

  it.skipIf(interactive)("runs a step's ERR trap once for its failing command, not again for the runner's check", async () => {
    const failed = await run("trap 'echo trapped >> errs' ERR; (exit 6) | tail -1");
    expect(failed.exitCode).toBe(6);
    expect(readFileSync(join(cwd, 'errs'), 'utf8')).toBe('trapped\n');
  });
});
