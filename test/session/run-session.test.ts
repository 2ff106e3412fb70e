/** A journaled, resumable run as one library call (issue 14 item 3). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalSink } from '../../engine/contracts/journal-sink.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import type { Operator } from '../../engine/contracts/run-seams.js';
import { createUnattendedOperator } from '../../engine/run/create-unattended-operator.js';
import { runSession } from '../../engine/session/run-session.js';
import { makeGraph, makeStep, testEnv } from '../run/helpers.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'runbook-session-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** A sink that keeps what it is given, masked with the masker the session hands it; `failAt` refuses the n-th write. */
function memorySink(failAt?: number) {
  const stored: RunEvent[] = [];
  const calls: string[] = [];
  let masker: { mask(text: string): string } | undefined;
  let failed: Error | undefined;
  const sink: JournalSink = {
    location: 'memory',
    write(event) {
      if (failed) throw failed;
      if (failAt !== undefined && stored.length + 1 === failAt) throw (failed = new Error('journal: no space left on device writing memory'));
      stored.push(JSON.parse(masker!.mask(JSON.stringify(event))) as RunEvent);
    },
    settle: () => Promise.resolve(),
    beforeCommand() {
      calls.push('beforeCommand');
      if (failed) throw failed;
    },
    close: () => Promise.resolve(),
  };
  return { stored, calls, open: (runId: string, given: { mask(text: string): string }) => ((masker = given), Promise.resolve(sink)), masker: () => masker! };
}

describe('runSession', () => {
  it('runs, journals every event before the next command, and shares one masker that learns typed secrets', async () => {
    const memory = memorySink();
    const secret = 'typed-secret-value';
    const operator: Operator = { ...createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }), input: () => Promise.resolve(secret) };
    const graph = makeGraph([
      makeStep({ id: 'one', command: 'echo "$DB_PASSWORD" > /dev/null; echo one' , uses: ['DB_PASSWORD'] }),
      makeStep({ id: 'two', command: 'echo two' }),
    ]);
    const result = await runSession({ graph, sha256: 'abc', mode: 'live', operator, journal: memory.open, env: testEnv(), cwd });
    expect(result).toMatchObject({ outcome: 'completed', path: ['one', 'two'], journal: 'memory' });
    expect(memory.stored.map((event) => event.type)).toEqual(['run-started', 'input', 'step-started', 'output', 'step-finished', 'step-started', 'output', 'step-finished', 'run-finished']);
    expect(memory.calls).toEqual(['beforeCommand', 'beforeCommand']);
    // The journal's masker is the runner's: it knows the value typed at the prompt.
    expect(memory.masker().mask(`x ${secret} y`)).toBe('x •••••• y');
  });

  it('unattended by default: the preflight refuses what it cannot answer, and nothing runs', async () => {
    const memory = memorySink();
    const graph = makeGraph([makeStep({ id: 'drop', command: 'echo dropped', confirm: 'yes' })]);
    const result = await runSession({ graph, sha256: 'abc', mode: 'live', journal: memory.open, env: testEnv(), cwd });
    expect(result).toMatchObject({ outcome: 'invalid', problems: [{ ruleId: 'missing-confirmation' }] });
    expect(memory.stored).toEqual([]);
  });

  it('a journal that cannot store stops the run: the next command never starts, the outcome is failed', async () => {
    // The 5th write is the second step's step-started.
    const memory = memorySink(5);
    const graph = makeGraph([makeStep({ id: 'one', command: 'echo one' }), makeStep({ id: 'two', command: `touch ${path.join(cwd, 'two-ran')}` })]);
    const events: RunEvent[] = [];
    const result = await runSession({ graph, sha256: 'abc', mode: 'live', journal: memory.open, env: testEnv(), cwd, onEvent: (event) => events.push(event) });
    expect(result.outcome).toBe('failed');
    expect(result.message).toMatch(/^journal: no space left on device writing memory; the run was stopped/);
    expect(result.journalError).toBeInstanceOf(Error);
    expect(events.filter((event) => event.type === 'output').map((event) => (event.type === 'output' ? event.text : ''))).toEqual(['one\n']);
    const { existsSync } = await import('node:fs');
    expect(existsSync(path.join(cwd, 'two-ran'))).toBe(false);
  });
});
