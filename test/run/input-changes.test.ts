/** Inputs the operator changes during a run (the TUI's inputs panel): checked, journaled, used from the next step on. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import type { Executor, RunControls } from '../../engine/contracts/run-seams.js';
import { validateJournalEvent } from '../../engine/journal/validate-journal-event.js';
import { createBashExecutor } from '../../engine/shell/bash-executor.js';
import { makeGraph, makeStep, outputOf, runAll } from './helpers.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'runbook-input-changes-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function graph() {
  return makeGraph(
    [
      makeStep({ id: 'one', command: 'echo "one $REGION ${#DB_PASSWORD} $DB_PASSWORD"', uses: ['REGION', 'DB_PASSWORD'] }),
      makeStep({ id: 'two', command: 'echo "two $REGION ${#DB_PASSWORD} $DB_PASSWORD"', uses: ['REGION', 'DB_PASSWORD'] }),
    ],
    {
      inputs: {
        REGION: { name: 'REGION', secret: false, choices: ['eu-west-1', 'us-east-1'] },
        DB_PASSWORD: { name: 'DB_PASSWORD', secret: true },
      },
    },
  );
}

/** Runs `change` while step `one` runs (its environment already given to bash). */
async function runChanging(change: (controls: RunControls) => void): Promise<RunEvent[]> {
  const controls: RunControls = {};
  const inner = createBashExecutor();
  const executor: Executor = {
    exec(request) {
      if (request.step.id === 'one') change(controls);
      return inner.exec(request);
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };
  try {
    return await runAll({ graph: graph(), cwd, executor, controls, inputs: { REGION: 'eu-west-1', DB_PASSWORD: 'first-pw' } });
  } finally {
    await inner.close?.();
  }
}

describe('changing an input during a run', () => {
  it('the running step keeps the value it started with; the next step gets the new one; journaled as changed', async () => {
    const problems: (string | undefined)[] = [];
    const events = await runChanging((controls) => {
      problems.push(controls.changeInput!('REGION', 'us-east-1'));
      problems.push(controls.changeInput!('DB_PASSWORD', 'second-password'));
    });
    expect(problems).toEqual([undefined, undefined]);
    expect(outputOf(events, 'one')).toBe('one eu-west-1 8 ••••••\n');
    expect(outputOf(events, 'two')).toBe('two us-east-1 15 ••••••\n');
    const changes = events.filter((event) => event.type === 'input');
    expect(changes).toEqual([
      expect.objectContaining({ name: 'REGION', value: 'us-east-1', secret: false, source: 'changed' }),
      expect.objectContaining({ name: 'DB_PASSWORD', secret: true, source: 'changed' }),
    ]);
    expect(changes[1]).not.toHaveProperty('value');
    // The journal's schema takes them (a journal read back, e.g. on resume, is validated).
    for (const change of changes) expect(validateJournalEvent(JSON.parse(JSON.stringify(change)))).toBeUndefined();
    expect(JSON.stringify(events)).not.toContain('second-password');
  });

  it('a change is checked as --input is: names the shell treats as code, names the runbook does not ask for, values outside choices', async () => {
    const problems: (string | undefined)[] = [];
    const events = await runChanging((controls) => {
      problems.push(controls.changeInput!('BASH_ENV', '/tmp/evil.sh'));
      problems.push(controls.changeInput!('NOPE', 'x'));
      problems.push(controls.changeInput!('REGION', 'mars'));
      problems.push(controls.changeInput!('REGION', 'a\0b'));
    });
    expect(problems[0]).toMatch(/^`BASH_ENV` cannot be an input: /);
    expect(problems[1]).toBe('The runbook does not ask for `NOPE`');
    expect(problems[2]).toBe('Unexpected `mars` for input `REGION`, expected one of `eu-west-1`, `us-east-1`');
    expect(problems[3]).toBe('A value cannot hold a NUL character');
    expect(events.filter((event) => event.type === 'input')).toEqual([]);
    expect(outputOf(events, 'two')).toBe('two eu-west-1 8 ••••••\n');
  });
});
