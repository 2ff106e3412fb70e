import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot, runCli, cliPath } from './run-cli.js';
import { tempDir } from '../helpers-temp.js';

const runbook = join(repoRoot, 'test/fixtures/rehearsal-resume/restart.md');

it('a resumed rehearsal goes on in the world the interrupted run left', async () => {
  const journal = tempDir('runbook-rehearsal-resume-');
  const child = spawn(process.execPath, [cliPath, 'run', runbook, '--rehearse', 'fixed', '--yes', '--journal', journal], {
    stdio: 'ignore',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // Interrupt while `sleep 4` runs, after the restart changed the world.
  const waiting = () => {
    const file = existsSync(journal) ? readdirSync(journal).find((name) => name.endsWith('.jsonl')) : undefined;
    return file !== undefined && readFileSync(join(journal, file), 'utf8').includes('"stepId":"wait"');
  };
  for (const end = Date.now() + 20_000; !waiting() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  expect(waiting()).toBe(true);
  child.kill('SIGINT');
  expect(await exited).toBe(130);

  const resumed = runCli(['resume', '--yes', '--json', '--journal', journal]);
  expect(resumed.stderr).not.toContain('internal error');
  const summary = JSON.parse(resumed.stdout);
  // In a world started afresh the pods would still crash-loop: escalated.
  expect(summary.outcome).toBe('resolved');
  expect(summary.path).toEqual(['wait', 'check']);
  expect(resumed.status).toBe(0);
});
