/**
 * The debrief judges a drill against the scenario's expected route (the path its own world and
 * answers produce), so every detour a trainee takes is a wrong turn, worded as their choice.
 * Drills run end to end: real bash, the rehearsal executor, the runner, a scripted trainee.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRunbook } from '../../engine/check/load-runbook.js';
import type { Step, StepGraph } from '../../engine/contracts/step-graph.js';
import type { Operator } from '../../engine/contracts/run-seams.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import type { ExpectedRoute } from '../../engine/contracts/debrief.js';
import { debrief } from '../../engine/rehearse/debrief.js';
import { expectedRoute } from '../../engine/rehearse/expected-route.js';
import { loadScenario } from '../../engine/rehearse/load-scenario.js';
import { createRehearsalExecutor } from '../../engine/rehearse/rehearsal-executor.js';
import type { Scenario } from '../../engine/rehearse/scenario.js';
import { renderDebrief } from '../../engine/report/render-debrief.js';
import { createUnattendedOperator } from '../../engine/run/create-unattended-operator.js';
import { runGraph } from '../../engine/run/run-graph.js';

const dir = join(import.meta.dirname, 'fixtures', 'drill');
let graph: StepGraph;
let scenario: Scenario;
let route: ExpectedRoute;

beforeAll(async () => {
  graph = (await loadRunbook(join(dir, 'drill.md'))).graph!;
  const loaded = await loadScenario(join(dir, 'drill.config.scenario.yaml'), { graph });
  expect(loaded.file.messages.map(String)).toEqual([]);
  scenario = loaded.scenario!;
  route = await expectedRoute(scenario, graph);
});

/** A trainee: the scenario's answers, except the moves given. */
type Moves = Partial<Pick<Operator, 'beforeStep' | 'ask' | 'manual' | 'overrideBranch' | 'afterFailure'>>;

async function drill(moves: Moves): Promise<RunEvent[]> {
  const executor = await createRehearsalExecutor(scenario);
  const base = createUnattendedOperator({ inputs: {}, answers: scenario.answers, mode: 'rehearsal' });
  const operator: Operator = { ...base, kind: 'person', beforeStep: async () => ({ action: 'run' }), overrideBranch: async (_s, chosen) => chosen, ...moves };
  const events: RunEvent[] = [];
  try {
    for await (const event of runGraph({ graph, runId: 'drill', sha256: '0', mode: 'rehearsal', executor, operator, inputs: {} })) events.push(event);
  } finally {
    await executor.close?.();
  }
  return events;
}

const onStep = (id: string, then: unknown, otherwise: unknown) => async (step: Step) => (step.id === id ? then : otherwise) as never;

describe('the expected route', () => {
  it('is the path the scenario’s world and answers produce, not the graph’s shortest one', () => {
    expect(route.visits.map((v) => v.stepId)).toEqual(['read-logs', 'check-state', 'config', 'fix', 'tell-team', 'verify']);
    expect(route.outcome).toBe('resolved');
  });

  it('a drill that follows it has no wrong turn and every step on route', async () => {
    const d = debrief(scenario, await drill({}), graph, { route });
    expect(d).toMatchObject({ goalReached: true, wrongTurns: [], stepsOnRoute: 6, routeLength: 6 });
  });
});

describe('each detour is a wrong turn, worded as the trainee’s choice', () => {
  it('skipping a diagnostic step', async () => {
    const d = debrief(scenario, await drill({ beforeStep: onStep('read-logs', { action: 'skip' }, { action: 'run' }) }), graph, { route });
    expect(d.goalReached).toBe(true);
    expect(d.wrongTurns.map((t) => [t.kind, t.stepId])).toEqual([['skipped', 'read-logs']]);
    expect(d.wrongTurns[0]!.message).toBe('You skipped `read-logs` (its output was part of the diagnosis); the expected route runs it and goes to `check-state`');
    expect(d.stepsOnRoute).toBe(5);
  });

  it('jumping ahead', async () => {
    const d = debrief(scenario, await drill({ beforeStep: onStep('read-logs', { action: 'goto', stepId: 'fix' }, { action: 'run' }) }), graph, { route });
    expect(d.wrongTurns.map((t) => [t.kind, t.stepId, t.wentTo, t.expected])).toEqual([['jumped', 'read-logs', 'fix', 'check-state']]);
  });

  it('overriding a branch', async () => {
    const d = debrief(scenario, await drill({ overrideBranch: async (step, chosen) => (step.id === 'check-state' ? 'oom' : chosen) }), graph, { route });
    expect(d.goalReached).toBe(false);
    expect(d.wrongTurns.map((t) => [t.kind, t.stepId, t.wentTo, t.by])).toEqual([['overrode', 'check-state', 'oom', 'operator']]);
    expect(d.wrongTurns[0]!.message).toContain('At `check-state` you overrode the branch');
    expect(d.wrongTurns[0]!.message).toContain('the expected route runs it and goes to `config`');
  });

  it('answering differently', async () => {
    const d = debrief(scenario, await drill({ ask: async () => 'No' }), graph, { route });
    expect(d.wrongTurns).toMatchObject([{ kind: 'answered', stepId: 'config', choice: 'No', expectedChoice: 'Yes', wentTo: 'escalate', expected: 'fix' }]);
    expect(d.wrongTurns[0]!.message).toBe('At `config` you answered “No” and went to `escalate`; the expected route answers “Yes” and goes to `fix`');
  });

  it('marking a manual step not done', async () => {
    const d = debrief(scenario, await drill({ manual: async () => false }), graph, { route });
    expect(d.goalReached).toBe(false);
    expect(d.wrongTurns.map((t) => [t.kind, t.stepId])).toEqual([['not-done', 'tell-team']]);
    expect(d.wrongTurns[0]!.message).toMatch(/^You marked the manual step `tell-team` not done/);
  });

  it('the debrief prints the scores and the expected route beside the drill', async () => {
    const d = debrief(scenario, await drill({ ask: async () => 'No' }), graph, { route });
    const text = renderDebrief(d, { color: false });
    expect(text).toContain('✗ goal missed');
    expect(text).toContain('Score: 2 of 6 steps on the expected route, 1 wrong turn, 0 hints needed');
    expect(text).toMatch(/Expected route +Your drill\nread-logs +read-logs\ncheck-state +check-state\nconfig \(“Yes”\) +config\nfix +≠ escalate/);
  });
});

describe('a resumed drill', () => {
  it('is debriefed as a whole: the runs before the resume count', async () => {
    const events = await drill({});
    // Cut the drill in two runs at `config`, as an interruption and a resume would.
    const cut = events.findIndex((e) => e.type === 'step-started' && e.stepId === 'config');
    const first = [...events.slice(0, cut), { type: 'run-finished', time: events[cut]!.time, outcome: 'aborted' } as RunEvent];
    const second = [{ ...events[0]!, time: events[cut]!.time } as RunEvent, ...events.slice(cut)];
    const whole = debrief(scenario, [...first, ...second], graph, { route });
    expect(whole.path).toEqual(['read-logs', 'check-state', 'config', 'fix', 'tell-team', 'verify']);
    expect(whole).toMatchObject({ goalReached: true, wrongTurns: [], stepsOnRoute: 6 });
    expect(debrief(scenario, second, graph, { route }).path).toEqual(['config', 'fix', 'tell-team', 'verify']);
  });
});
