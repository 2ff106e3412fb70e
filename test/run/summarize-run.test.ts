import { describe, expect, it } from 'vitest';
import { summarizeRun } from '../../engine/run/summarize-run.js';
import { makeGraph, makeStep, runAll } from './helpers.js';

describe('summarizeRun', () => {
  it('lists executions in run order, then every step never reached as skipped', async () => {
    const graph = makeGraph([
      makeStep({ id: 'a', command: 'true', branch: [{ when: { kind: 'exit', codes: [0] }, target: { kind: 'step', id: 'c' }, raw: 'c' }] }),
      makeStep({ id: 'b', command: 'echo never' }),
      makeStep({ id: 'c', command: 'exit 2', onFailure: { kind: 'end', outcome: 'escalated' } }),
    ]);
    const events = await runAll({ graph });
    const summary = summarizeRun(events, graph);
    expect(summary).toEqual({
      runId: 'run-1',
      runbook: 'runbooks/test.md',
      outcome: 'escalated',
      path: ['a', 'c'],
      steps: [
        { id: 'a', title: 'a', status: 'passed', exitCode: 0, durationMs: expect.any(Number) },
        { id: 'c', title: 'c', status: 'failed', exitCode: 2, durationMs: expect.any(Number) },
        { id: 'b', title: 'b', status: 'skipped', exitCode: null, durationMs: 0 },
      ],
    });
  });

  it('carries the message of a failed run, and calls an unfinished run aborted', async () => {
    const graph = makeGraph([makeStep({ id: 'a', command: 'exit 5' })]);
    const events = await runAll({ graph });
    expect(summarizeRun(events)).toMatchObject({ outcome: 'failed', message: 'Step `a` failed: exit 5', path: ['a'] });
    expect(summarizeRun(events.slice(0, -1)).outcome).toBe('aborted');
  });
});
