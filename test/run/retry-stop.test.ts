/** A stop reaches a step's pending retries and the delays between them (issue 13.7). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import type { RunControls } from '../../engine/contracts/run-seams.js';
import { createUnattendedOperator } from '../../engine/run/create-unattended-operator.js';
import { runGraph } from '../../engine/run/run-graph.js';
import { createBashExecutor } from '../../engine/shell/bash-executor.js';
import { finished, makeGraph, makeStep, outcomeOf, testEnv } from './helpers.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'runbook-retry-stop-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** A step that fails and would retry 20 times, 30 s apart; `act` runs once the first retry is announced. */
async function stopWhileWaiting(act: (controls: RunControls, abort: AbortController) => void): Promise<{ events: RunEvent[]; ms: number }> {
  const graph = makeGraph([
    makeStep({ id: 'flaky', command: 'echo try; exit 1', retry: { attempts: 20, delayMs: 30_000 }, onFailure: { kind: 'continue' } }),
    makeStep({ id: 'after', command: 'true' }),
  ]);
  const controls: RunControls = {};
  const abort = new AbortController();
  const executor = createBashExecutor();
  const events: RunEvent[] = [];
  let started = 0;
  try {
    for await (const event of runGraph({
      graph, runId: 'run-1', sha256: 'abc', mode: 'live', executor, env: testEnv(), cwd, inputs: {},
      operator: createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }),
      controls,
      signal: abort.signal,
    })) {
      events.push(event);
      if (event.type === 'warning' && event.message.includes('retrying in 30s')) {
        started = Date.now();
        // The runner is about to wait: act once it does.
        setImmediate(() => act(controls, abort));
      }
    }
  } finally {
    await executor.close?.();
  }
  return { events, ms: Date.now() - started };
}

describe('a stop during a retry delay', () => {
  it('the operator stopping the step ends it at once: no more attempts, it fails as stopped, on-failure applies', async () => {
    const { events, ms } = await stopWhileWaiting((controls) => controls.cancelStep?.());
    expect(ms).toBeLessThan(5_000);
    expect(events.filter((event) => event.type === 'step-started' && event.stepId === 'flaky')).toHaveLength(1);
    expect(finished(events).map((event) => [event.stepId, event.status, event.message])).toEqual([
      ['flaky', 'failed', 'stopped by operator'],
      ['after', 'passed', undefined],
    ]);
  }, 45_000);

  it('the run stopping (Ctrl-C) ends the step at once and the run aborted, resumable at that step', async () => {
    const { events, ms } = await stopWhileWaiting((_, abort) => abort.abort());
    expect(ms).toBeLessThan(5_000);
    expect(events.filter((event) => event.type === 'step-started')).toHaveLength(1);
    expect(finished(events)).toMatchObject([{ stepId: 'flaky', status: 'failed', message: 'interrupted', next: null }]);
    expect(outcomeOf(events)).toMatchObject({ outcome: 'aborted', message: 'interrupted', interrupted: true });
  }, 45_000);
});
