// renderRunTui in process: a scripted runner asks the TUI operator; keys come from an in-memory terminal.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import type { Operator, RunControls } from '../../engine/contracts/run-seams.js';
import { renderRunTui } from '../../engine/tui/render-run-tui.js';
import { FakeStdin, FakeStdout } from './fake-terminal.js';
import { at, graph, runStarted, stepFinished, stepStarted } from './tui-fixtures.js';

const now = (): string => new Date().toISOString();
// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;?]*[a-zA-Z]/g, '');

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 10) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function tui(runner: (operator: Operator, controls: RunControls) => AsyncGenerator<RunEvent>, extra: { debrief?: (events: RunEvent[]) => string } = {}) {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const done = renderRunTui({
    graph: graph(),
    mode: 'live',
    noColor: true,
    mask: (text) => text,
    start: runner,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    size: { columns: 80, rows: 24 },
    handleSignals: false,
    ...extra,
  });
  return { stdin, stdout, done };
}

describe('renderRunTui', () => {
  it('asks the operator through the screen, then prints the debrief and a one-line summary', async () => {
    const decisions: unknown[] = [];
    const { stdin, stdout, done } = tui(
      async function* (operator) {
        yield runStarted();
        const step = graph().steps[0]!;
        decisions.push(await operator.beforeStep!(step, step.command!));
        yield stepStarted('pods', 1, { title: 'Check the agent pods' });
        yield { type: 'output', time: now(), stepId: 'pods', stream: 'stdout', text: 'agent-7d9f8c-xyz   CrashLoopBackOff\n' };
        yield stepFinished('pods', null);
        // Times relative to the run's start (the fixtures'), never to the clock: under load the
        // clock since the fixtures were loaded passed 1 s, and the summary said `1.0s`, not `…ms`.
        yield { type: 'run-finished', time: at(3), outcome: 'resolved' };
      },
      { debrief: (events) => `debrief of ${events.length} events` },
    );
    await until(() => plain(stdout.written).includes('Enter runs this step'), 'the prompt');
    stdin.press('\r');
    const result = await done;
    expect(decisions).toEqual([{ action: 'run' }]);
    expect(result.outcome).toBe('resolved');
    expect(result.events.map((event) => event.type)).toEqual(['run-started', 'step-started', 'output', 'step-finished', 'run-finished']);
    const screen = plain(stdout.written);
    expect(screen).toContain('agent-7d9f8c-xyz   CrashLoopBackOff');
    expect(screen).toContain('■ Run resolved');
    expect(screen).toMatch(/debrief of 5 events\noutcome: resolved · 1 passed, 0 failed · 3\.0s\n$/);
  });

  it('sends notes to the runner, or keeps them in the events when it cannot journal them', async () => {
    const noted: string[] = [];
    for (const withNotes of [true, false]) {
      const { stdin, stdout, done } = tui(async function* (operator, controls) {
        if (withNotes) controls.note = (text) => noted.push(text);
        yield runStarted();
        const step = graph().steps[0]!;
        await operator.beforeStep!(step, step.command!);
        yield { type: 'run-finished', time: now(), outcome: 'completed' };
      });
      await until(() => plain(stdout.written).includes('Enter runs this step'), 'the prompt');
      stdin.press('n');
      await until(() => plain(stdout.written).includes('Note:'), 'the note field');
      stdin.press('pods restarted 7 times');
      stdin.press('\r');
      await until(() => withNotes ? noted.length > 0 : plain(stdout.written).includes('cannot journal notes'), 'the note');
      stdin.press('\r');
      const result = await done;
      const notes = result.events.filter((event) => event.type === 'note');
      expect(notes).toEqual(withNotes ? [] : [expect.objectContaining({ text: 'pods restarted 7 times', stepId: 'pods' })]);
    }
    expect(noted).toEqual(['pods restarted 7 times']);
  });

  it('q leaves: the waiting step is answered quit and the run ends aborted', async () => {
    const { stdin, stdout, done } = tui(async function* (operator) {
      yield runStarted();
      const step = graph().steps[0]!;
      const decision = await operator.beforeStep!(step, step.command!);
      yield { type: 'run-finished', time: at(0.25), outcome: decision.action === 'quit' ? 'aborted' : 'completed' };
    });
    await until(() => plain(stdout.written).includes('Enter runs this step'), 'the prompt');
    stdin.press('q');
    const result = await done;
    expect(result.outcome).toBe('aborted');
    expect(plain(stdout.written)).toMatch(/outcome: aborted · 0 passed, 0 failed · 250ms · resume: runbook resume run-1\n$/);
  });
});
