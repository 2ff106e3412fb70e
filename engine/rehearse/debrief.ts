/**
 * The game-day debrief: the trainee's drill (every run of it, when it was resumed) against the
 * scenario's expected route (`expected-route.ts`: the path the scenario's own world and
 * answers produce). Every place where the drill left that route is a wrong turn, worded as the
 * trainee's choice, with what the expected route did there.
 */
import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent } from '../contracts/run-event.js';
import type { Debrief, ExpectedRoute, RouteVisit, WrongTurn } from '../contracts/debrief.js';
import { routeOf } from './expected-route.js';
import type { Scenario } from './scenario.js';

export type { Debrief, WrongTurn } from '../contracts/debrief.js';

export interface DebriefOptions {
  /** The scenario's expected route; without it, wrong turns are not judged. */
  route?: ExpectedRoute;
  /** Scenario time per real time (`--time-scale`). */
  timeScale?: number;
}

export function debrief(scenario: Scenario, events: RunEvent[], graph: StepGraph, options: DebriefOptions = {}): Debrief {
  const scale = options.timeScale ?? 1;
  const drill = routeOf(events);
  const outcome = drill.outcome;
  const path = drill.visits.filter((v) => v.status !== 'skipped').map((v) => v.stepId);
  const goal = scenario.goal;
  const reachedStep = goal?.reach === undefined || path.includes(goal.reach);
  const reachedOutcome = goal?.outcome === undefined || outcome === goal.outcome;
  const goalReached = goal?.reach !== undefined || goal?.outcome !== undefined ? reachedStep && reachedOutcome : outcome === 'completed' || outcome === 'resolved';
  const times = drillTimes(events, goal?.reach);
  const elapsedMs = times.elapsedMs * scale;
  const timeToGoalMs = goalReached ? (times.toGoalMs ?? times.elapsedMs) * scale : undefined;
  const judged = options.route ? compare(drill.visits, options.route.visits, graph) : { wrongTurns: [], onRoute: 0 };
  return {
    scenario: scenario.name,
    ...(scenario.summary ? { summary: scenario.summary } : {}),
    ...(goal ? { goal } : {}),
    goalReached,
    outcome,
    path,
    ...(options.route ? { expectedPath: options.route.visits.map((v) => v.stepId), expectedAnswers: { ...scenario.answers } } : {}),
    stepsOnRoute: judged.onRoute,
    routeLength: options.route?.visits.length ?? 0,
    wrongTurns: judged.wrongTurns,
    timePerStep: times.perStep.map((t) => ({ id: t.id, durationMs: t.durationMs * scale })),
    hintsShown: events.filter((e): e is Extract<RunEvent, { type: 'hint' }> => e.type === 'hint').map((e) => e.text),
    elapsedMs,
    ...(timeToGoalMs !== undefined ? { timeToGoalMs } : {}),
    timeScale: scale,
    ...(goal?.withinMs !== undefined ? { withinTime: timeToGoalMs !== undefined && timeToGoalMs <= goal.withinMs } : {}),
  };
}

/** Walks the drill along the route: a visit on the route whose move differs from the route's is a wrong turn. */
function compare(drill: RouteVisit[], route: RouteVisit[], graph: StepGraph): { wrongTurns: WrongTurn[]; onRoute: number } {
  const wrongTurns: WrongTurn[] = [];
  let onRoute = 0;
  let k = 0;
  let off = false;
  for (const visit of drill) {
    if (off || route[k]?.stepId !== visit.stepId) {
      // Back on the route (later on it: a jump ahead was already told where it left).
      const j = route.findIndex((r, i) => i >= k && r.stepId === visit.stepId);
      if (j === -1) {
        off = true;
        continue;
      }
      k = j;
      off = false;
    }
    const expected = route[k]!;
    const turn = deviation(visit, expected, graph);
    if (turn) wrongTurns.push(turn);
    else onRoute += 1;
    if (visit.next !== expected.next) off = true;
    k += 1;
  }
  return { wrongTurns, onRoute };
}

function deviation(visit: RouteVisit, expected: RouteVisit, graph: StepGraph): WrongTurn | undefined {
  const skipped = visit.status === 'skipped' && expected.status !== 'skipped';
  const failed = visit.status === 'failed' && expected.status !== 'failed';
  if (!skipped && !failed && visit.next === expected.next) return undefined;
  const step = graph.steps.find((s) => s.id === visit.stepId);
  const id = `\`${visit.stepId}\``;
  const route = `the expected route ${expected.status === 'skipped' ? 'skips it' : step?.ask ? `answers “${expected.choice ?? '?'}”` : 'runs it'} and ${where(expected.next)}`;
  const base = { stepId: visit.stepId, by: visit.by ?? 'auto', wentTo: visit.next, expected: expected.next, ...(visit.choice ? { choice: visit.choice } : {}) } as const;
  const say = (kind: WrongTurn['kind'], what: string): WrongTurn => ({ ...base, kind, ...(step?.ask && expected.choice ? { expectedChoice: expected.choice } : {}), message: `${what}; ${route}` });
  if (visit.message?.startsWith('skipped by operator, going to')) return say('jumped', `You jumped from ${id} to \`${visit.next}\` without running it`);
  if (visit.message?.startsWith('skipped by operator')) return say('skipped', `You skipped ${id}${step?.command ? ' (its output was part of the diagnosis)' : ''}`);
  if (visit.message?.startsWith('not confirmed')) return say('not-confirmed', `You did not confirm ${id}, so your drill ${went(visit.next)}`);
  if (step?.ask) return say('answered', `At ${id} you answered “${visit.choice ?? '?'}” and ${went(visit.next)}`);
  if (step?.manual !== undefined && visit.status === 'failed') return say('not-done', `You marked the manual step ${id} not done, so your drill ${went(visit.next)}`);
  if (visit.choice && ['retry', 'skip', 'goto', 'stop'].includes(visit.choice) && visit.status === 'failed') {
    return say('after-failure', `${id} failed and you chose to ${visit.choice === 'goto' ? `go to \`${visit.next}\`` : visit.choice}, so your drill ${went(visit.next)}`);
  }
  if (visit.choice && visit.by === 'operator') return say('overrode', `At ${id} you overrode the branch${visit.why ? ` (${visit.why})` : ''} and went to \`${visit.next}\``);
  if (visit.edited) return say('edited', `You edited the command of ${id}, and your drill ${went(visit.next)}`);
  return say('moved-on', `After ${id}${visit.status === 'failed' ? ' failed' : ''} your drill ${went(visit.next)}`);
}

/** What the trainee did: "went to `x`" or "ended escalated". */
function went(next: string): string {
  return next.startsWith('end:') ? `ended ${next.slice(4)}` : `went to \`${next}\``;
}

/** What the route does: "goes to `x`" or "ends resolved". */
function where(next: string): string {
  return next.startsWith('end:') ? `ends ${next.slice(4)}` : `goes to \`${next}\``;
}

/** Real time of the drill (each run from its start to its last event: the gaps between resumed runs left out), per step, and to the goal. */
function drillTimes(events: RunEvent[], goalStep: string | undefined): { elapsedMs: number; toGoalMs?: number; perStep: { id: string; durationMs: number }[] } {
  let elapsedMs = 0;
  let runStart: number | undefined;
  let lastTime: number | undefined;
  let mark: number | undefined;
  let toGoalMs: number | undefined;
  const perStep: { id: string; durationMs: number }[] = [];
  const close = (): void => {
    if (runStart !== undefined && lastTime !== undefined) elapsedMs += Math.max(0, lastTime - runStart);
  };
  for (const event of events) {
    const time = Date.parse(event.time);
    if (event.type === 'run-started') {
      close();
      runStart = time;
      mark = time;
    }
    lastTime = time;
    if (event.type === 'step-finished') {
      perStep.push({ id: event.stepId, durationMs: mark !== undefined ? Math.max(0, time - mark) : event.durationMs });
      mark = time;
      if (event.stepId === goalStep && toGoalMs === undefined && runStart !== undefined) toGoalMs = elapsedMs + (time - runStart);
    }
  }
  close();
  return { elapsedMs, ...(toGoalMs !== undefined ? { toGoalMs } : {}), perStep };
}
