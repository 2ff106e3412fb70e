import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../../engine/check/load-runbook.js';
import type { StepGraph } from '../../engine/contracts/step-graph.js';
import { createCoach } from '../../engine/rehearse/create-coach.js';
import { debrief, renderDebrief } from '../../engine/rehearse/debrief.js';
import { loadScenario } from '../../engine/rehearse/load-scenario.js';
import { createRehearsalExecutor } from '../../engine/rehearse/rehearsal-executor.js';
import type { Scenario } from '../../engine/rehearse/scenario.js';
import { createUnattendedOperator } from '../../engine/run/create-unattended-operator.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { runGraph } from '../../engine/run/run-graph.js';

const dir = join(import.meta.dirname, 'fixtures', 'agent');

async function rehearse(answer: string): Promise<{ events: RunEvent[]; graph: StepGraph; scenario: Scenario }> {
  const { graph } = await loadRunbook(join(dir, 'agent-down.md'));
  const loaded = await loadScenario(join(dir, 'agent-down.crashloop.scenario.yaml'), { graph });
  expect(loaded.file.messages.map(String)).toEqual([]);
  const scenario = loaded.scenario!;
  const executor = await createRehearsalExecutor(scenario);
  const coach = createCoach(scenario);
  const events: RunEvent[] = [];
  try {
    for await (const event of runGraph({
      graph: graph!,
      runId: 'test',
      sha256: '0',
      mode: 'rehearsal',
      scenario: scenario.path,
      executor,
      operator: createUnattendedOperator({ inputs: {}, answers: { 'is-config': answer }, mode: 'rehearsal' }),
      inputs: {},
      hints: (elapsed) => coach.hints(elapsed),
    })) {
      events.push(event);
    }
  } finally {
    await executor.close?.();
  }
  return { events, graph: graph!, scenario };
}

describe('debrief', () => {
  it('shows the wrong turn when an `ask` is answered wrong (runGraph end to end)', async () => {
    const { events, graph, scenario } = await rehearse('No');
    const d = debrief(scenario, events, graph);
    expect(d.outcome).toBe('escalated');
    expect(d.goalReached).toBe(false);
    expect(d.path).toEqual(['check-pods', 'is-config', 'escalate']);
    expect(d.goalPath).toEqual(['check-pods', 'is-config', 'fix-config', 'verify']);
    expect(d.wrongTurns).toEqual([
      {
        stepId: 'is-config',
        choice: 'No',
        by: 'flag',
        wentTo: 'escalate',
        message: 'After `is-config` you chose “No” and it went to `escalate`; from there `verify` can no longer be reached',
      },
    ]);
    expect(d.timePerStep.map((t) => t.id)).toEqual(['check-pods', 'is-config', 'escalate']);
    const text = renderDebrief(d, { color: false });
    expect(text).toContain('Debrief: scenario crashloop');
    expect(text).toContain('✗ goal not reached (reach `verify` and end resolved); outcome: escalated');
    expect(text).toContain('Wrong turns:\n  ! After `is-config` you chose “No”');
    expect(text).toContain('A route to the goal in the runbook: check-pods → is-config → fix-config → verify');
    expect(text).not.toContain('\u001b[');
    expect(renderDebrief(d, { color: true })).toContain('\u001b[31m✗ goal not reached');
  });

  it('reaches the goal when answered right: no wrong turns, within time, hints shown', async () => {
    const { events, graph, scenario } = await rehearse('Yes');
    const d = debrief(scenario, events, graph);
    expect(d).toMatchObject({ scenario: 'crashloop', outcome: 'resolved', goalReached: true, wrongTurns: [], withinTime: true });
    expect(d.path).toEqual(['check-pods', 'is-config', 'fix-config', 'verify']);
    expect(d.hintsShown).toEqual(['Read the logs of the previous container.']);
    const text = renderDebrief(d, { color: false });
    expect(text).toContain('Hints shown (1):\n  • Read the logs of the previous container.');
    // The goal was reached: no route to suggest (the graph's shortest may not fit the incident).
    expect(text).not.toContain('A route to the goal');
  });

  it('counts an automatic branch that leads away from the goal, and times each step from the one before', async () => {
    const { graph } = await loadRunbook(join(dir, 'agent-down.md'));
    const loaded = await loadScenario(join(dir, 'agent-down.crashloop.scenario.yaml'), { graph });
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    const finished = (stepId: string, at: number, next: string | null, extra = {}) =>
      ({ type: 'step-finished', time: t(at), stepId, status: 'passed', exitCode: 0, signal: null, timedOut: false, durationMs: 100, checks: [], captures: {}, next, ...extra }) as RunEvent;
    const events: RunEvent[] = [
      { type: 'run-started', time: t(0), runId: 'r', runbook: 'x', sha256: '0', title: 'x', mode: 'rehearsal', inputs: {} },
      { type: 'step-started', time: t(1), stepId: 'check-pods', title: '', attempt: 1, visit: 1 },
      finished('check-pods', 5, 'is-config'),
      { type: 'step-started', time: t(5), stepId: 'is-config', title: '', attempt: 1, visit: 1 },
      finished('is-config', 65, null, { branch: { target: 'end:escalated', reason: 'stdout matched /x/' } }),
      { type: 'hint', time: t(30), text: 'Look at the logs.' },
      { type: 'run-finished', time: t(66), outcome: 'escalated' },
    ];
    const d = debrief(loaded.scenario!, events, graph!);
    expect(d.timePerStep).toEqual([
      { id: 'check-pods', durationMs: 5000 },
      { id: 'is-config', durationMs: 60_000 },
    ]);
    expect(d.elapsedMs).toBe(66_000);
    expect(d.hintsShown).toEqual(['Look at the logs.']);
    expect(d.wrongTurns).toEqual([
      {
        stepId: 'is-config',
        by: 'auto',
        wentTo: 'end:escalated',
        message: 'After `is-config` the branch stdout matched /x/ was taken and the run ended (escalated); from there `verify` can no longer be reached',
      },
    ]);
  });
});

describe('createCoach', () => {
  it('gives each hint once, when it is due, in order', () => {
    const coach = createCoach({ hints: [{ afterMs: 1000, text: 'one' }, { afterMs: 3000, text: 'two' }, { afterMs: 3000, text: 'three' }] } as Scenario);
    expect(coach.hints(0)).toEqual([]);
    expect(coach.hints(1500)).toEqual(['one']);
    expect(coach.hints(2000)).toEqual([]);
    expect(coach.hints(10_000)).toEqual(['two', 'three']);
    expect(coach.hints(20_000)).toEqual([]);
  });
});
