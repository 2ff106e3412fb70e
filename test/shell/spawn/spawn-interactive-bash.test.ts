import { afterAll, expect, it } from 'vitest';
import { createBashExecutor } from '../../../engine/shell/bash-executor.js';
import type { ExecRequest } from '../../../engine/contracts/run-seams.js';
import { makeStep, scratch, testEnv } from '../../run/helpers.js';

const executor = createBashExecutor({ killGraceMs: 300 });
afterAll(() => executor.close?.());
const request = (command: string, extra: Partial<ExecRequest> = {}): ExecRequest => ({
  step: makeStep({ id: 'edit', command: '' }),
  command,
  env: testEnv(),
  cwd: scratch(),
  timeoutMs: 10_000,
  interactive: true,
  ...extra,
});

it('stops an interactive step at its timeout, and reports the signal', async () => {
  const result = await executor.exec(request('export LOST=1; sleep 30', { timeoutMs: 300 }));
  expect(result).toMatchObject({ timedOut: true, isCanceled: false, exitCode: null, signal: 'SIGTERM' });
  expect(result.state.env.LOST).toBeUndefined();
});

it('says why an interactive step could not start', async () => {
  const broken = createBashExecutor({ shell: '/nonexistent/bash' });
  const result = await broken.exec(request('true'));
  await broken.close?.();
  expect(result.exitCode).toBeNull();
  expect(result.stderr).toMatch(/^runbook: could not start the shell: Command failed with ENOENT: \/nonexistent\/bash --noprofile --norc -c/);
});
