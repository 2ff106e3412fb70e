// The TUI's steps (in a pty) keep the live executor's promises: pipefail, and nothing left behind.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { afterAll, expect, it } from 'vitest';
import type { Step } from '../../../engine/contracts/step-graph.js';
import type { ExecRequest, Executor } from '../../../engine/contracts/run-seams.js';
import { createPtyExecutor } from '../../../engine/shell/pty/pty-executor.js';

const step = (overrides: Partial<Step> = {}): Step => ({ id: 's', interactive: false, capture: [], branch: [], secret: [], ...overrides }) as Step;
const request = (command: string, overrides: Partial<ExecRequest> = {}): ExecRequest => ({
  step: step(),
  command,
  env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
  cwd: tmpdir(),
  timeoutMs: 60_000,
  interactive: false,
  ...overrides,
});
const inner: Executor = { exec: async () => ({ exitCode: 99, signal: null, timedOut: false, isCanceled: false, durationMs: 0, stdout: '', stderr: '', output: '', truncated: false, state: { env: {}, cwd: '/' } }) };
const executor = createPtyExecutor(inner, { size: () => ({ columns: 60, rows: 20 }), started() {}, data: (_id, _text, done) => done(), async ended() {} }, { shell: 'bash', killGraceMs: 300 });
afterAll(() => executor.close?.());

const running = (marker: string): boolean => {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
};

it('runs a step in a pty under pipefail, unless it says pipefail: false', async () => {
  expect((await executor.exec(request('(exit 22) | tail -1'))).exitCode).toBe(22);
  expect((await executor.exec(request('(exit 22) | tail -1', { step: step({ pipefail: false }) }))).exitCode).toBe(0);
});

it('stops what a step in a pty left running, also out of its process group', async () => {
  const marker = `sleep 1077.${process.pid}`;
  const result = await executor.exec(request(`setsid ${marker} >/dev/null 2>&1 & echo started`));
  expect(result.exitCode).toBe(0);
  const until = Date.now() + 5000;
  while (running(marker) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(running(marker)).toBe(false);
});
