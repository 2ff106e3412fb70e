/**
 * A JS/TS step in a rehearsal touches nothing real: zx is never started. The step is answered by
 * the scenario's rules like a command, matched on its text (whitespace runs collapsed to one
 * space, so a rule's `run:` glob such as `await $`kubectl get pods*` can match it), or it fails
 * with exit 127 and a message saying so (docs/running.md).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { ExecRequest, ExecResponse } from '../contracts/run-seams.js';
import type { World } from './create-world.js';

export async function answerJsStep(world: World, request: ExecRequest, options: { timeScale: number; scenario: string }): Promise<ExecResponse> {
  const started = performance.now();
  const state = { env: request.env, cwd: request.cwd };
  const result = (fields: Partial<ExecResponse>): ExecResponse => {
    const stdout = fields.stdout ?? '';
    const stderr = fields.stderr ?? '';
    return {
      exitCode: null,
      signal: null,
      timedOut: false,
      isCanceled: false,
      truncated: false,
      ...fields,
      stdout,
      stderr,
      output: stdout + stderr,
      durationMs: Math.round(performance.now() - started),
      state,
    };
  };
  request.ready?.();
  if (request.signal?.aborted) return result({ isCanceled: true });
  const words = request.command.trim().split(/\s+/);
  const answer = world.answer(words);
  if (!answer.answered) {
    const stderr = `rehearsal: this JavaScript step is not answered by scenario ${options.scenario} (a rule's \`run:\` is matched against the step's text, its whitespace collapsed); zx was not started, nothing was run\n`;
    request.onOutput?.('stderr', stderr);
    return result({ exitCode: 127, stderr });
  }
  const wait = answer.delayMs / options.timeScale;
  if (wait > 0) {
    const timedOut = wait > request.timeoutMs;
    await delay(Math.min(wait, request.timeoutMs), undefined, { signal: request.signal }).catch(() => {});
    if (request.signal?.aborted) return result({ isCanceled: true, signal: 'SIGTERM' });
    if (timedOut) return result({ timedOut: true, signal: 'SIGTERM' });
  }
  if (answer.stdout) request.onOutput?.('stdout', answer.stdout);
  if (answer.stderr) request.onOutput?.('stderr', answer.stderr);
  return result({ exitCode: answer.exit, stdout: answer.stdout, stderr: answer.stderr });
}
