/** Values a run meets: captures no command can be given (issue 13.5), secrets by name (13.11), handled results (13.17). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Condition } from '../../engine/contracts/step-graph.js';
import type { Operator } from '../../engine/contracts/run-seams.js';
import { createUnattendedOperator } from '../../engine/run/create-unattended-operator.js';
import { summarizeRun } from '../../engine/run/summarize-run.js';
import { finished, makeGraph, makeStep, outcomeOf, outputOf, runAll } from './helpers.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'runbook-values-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('captured values no command can be given', () => {
  it('a capture holding a NUL byte fails its own step, and later steps still run', async () => {
    const graph = makeGraph([
      makeStep({ id: 'grab', command: "printf 'v=a\\0b\\n'", capture: [{ name: 'V', from: 'stdout', regex: 'v=([^\\n]*)' }], onFailure: { kind: 'continue' } }),
      makeStep({ id: 'after', command: 'echo "still runs: ${V-unset}"' }),
    ]);
    const events = await runAll({ graph, cwd });
    const [grab, after] = finished(events);
    expect(grab).toMatchObject({ status: 'failed', message: 'capture `V` holds a NUL byte (at character 2), which no command can be given; it is unset' });
    expect(after).toMatchObject({ status: 'passed', exitCode: 0 });
    expect(outputOf(events, 'after')).toBe('still runs: unset\n');
    expect(outcomeOf(events).outcome).toBe('completed');
  });

  it('a capture over 64 KiB fails its own step (Linux refuses an environment string over 128 KiB)', async () => {
    const graph = makeGraph([
      makeStep({ id: 'grab', command: "head -c 140000 /dev/zero | tr '\\0' x", capture: [{ name: 'BIG', from: 'stdout', regex: '(x+)' }], onFailure: { kind: 'continue' } }),
      makeStep({ id: 'after', command: 'echo "still runs: ${#BIG}"' }),
    ]);
    const events = await runAll({ graph, cwd });
    const [grab, after] = finished(events);
    expect(grab).toMatchObject({ status: 'failed', message: 'capture `BIG` is 140000 bytes, more than the 64 KiB a captured value may hold; it is unset' });
    expect(after).toMatchObject({ status: 'passed', exitCode: 0 });
    expect(outputOf(events, 'after')).toBe('still runs: 0\n');
  });
});

describe('values whose name says secret', () => {
  it('an input typed at a prompt, named like a key, is masked in every event', async () => {
    const value = 'sk-live-0123456789';
    const operator: Operator = { ...createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }), input: () => Promise.resolve(value) };
    const graph = makeGraph([makeStep({ id: 'call', command: 'echo "calling with $AOS_API_KEY"', uses: ['AOS_API_KEY'] })]);
    const events = await runAll({ graph, cwd, operator });
    expect(events.find((event) => event.type === 'input')).toMatchObject({ name: 'AOS_API_KEY', secret: true, source: 'prompt' });
    expect(events.find((event) => event.type === 'input')).not.toHaveProperty('value');
    expect(outputOf(events, 'call')).toBe('calling with ••••••\n');
    expect(JSON.stringify(events)).not.toContain(value);
  });

  it('a capture named like a token is masked, in its own output and later; so is an input given as a flag', async () => {
    const graph = makeGraph([
      makeStep({ id: 'login', command: 'echo "token: tkn-abcdef-$((12340 + 5))"', capture: [{ name: 'SESSION_TOKEN', from: 'stdout', regex: 'token: (\\S+)' }] }),
      makeStep({ id: 'use', command: 'echo "using $SESSION_TOKEN and $DB_PASSWORD"', uses: ['DB_PASSWORD'] }),
    ]);
    const events = await runAll({ graph, cwd, inputs: { DB_PASSWORD: 'hunter2-pass' } });
    expect(outputOf(events, 'login')).toBe('token: ••••••\n');
    expect(outputOf(events, 'use')).toBe('using •••••• and ••••••\n');
    expect(finished(events)[0]!.captures).toEqual({ SESSION_TOKEN: '••••••' });
    expect(events[0]).toMatchObject({ type: 'run-started', inputs: {} });
    const text = JSON.stringify(events);
    expect(text).not.toContain('tkn-abcdef-12345');
    expect(text).not.toContain('hunter2-pass');
  });
});

describe('a failing exit a branch handled', () => {
  const exitIs = (...codes: number[]): Condition => ({ kind: 'exit', codes });
  it('is `handled`, not a plain success: in step-finished and in the summary', async () => {
    const graph = makeGraph([
      makeStep({ id: 'probe', command: 'exit 3', branch: [{ when: exitIs(3), target: { kind: 'step', id: 'fallback' }, raw: 'fallback' }] }),
      makeStep({ id: 'ok', command: 'exit 0', branch: [{ when: exitIs(0), target: { kind: 'next' }, raw: 'next' }] }),
      makeStep({ id: 'fallback', command: 'true', else: { kind: 'next' } }),
    ]);
    const events = await runAll({ graph, cwd });
    expect(finished(events).map((event) => [event.stepId, event.status, event.handled ?? false])).toEqual([
      ['probe', 'passed', true],
      ['fallback', 'passed', false],
    ]);
    const summary = summarizeRun(events, graph);
    expect(summary.steps[0]).toEqual({ id: 'probe', title: 'probe', status: 'passed', handled: true, exitCode: 3, durationMs: expect.any(Number) });
    expect(summary.steps[1]).not.toHaveProperty('handled');
  });
});
