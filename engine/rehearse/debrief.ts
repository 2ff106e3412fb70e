import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent } from '../contracts/run-event.js';
import type { Scenario } from './scenario.js';
import { reachableFrom, shortestPath } from '../graph/step-successors.js';

export { renderDebrief } from './render-debrief.js';

export interface WrongTurn {
  /** The step where the decision was made. */
  stepId: string;
  /** The answer to an `ask`, or the operator's choice, when there was one. */
  choice?: string;
  /** How the decision was made: the operator, a flag/scenario answer, or the step's own branch. */
  by: 'operator' | 'flag' | 'auto';
  /** The step the run went to, or `end:OUTCOME` when it ended there. */
  wentTo: string;
  message: string;
}

export interface Debrief {
  scenario: string;
  summary?: string;
  goal?: { reach?: string; outcome?: string; withinMs?: number };
  /** The goal step was reached (when there is one) and the run ended with the goal outcome (when there is one). */
  goalReached: boolean;
  outcome: string | null;
  /** Step ids in the order they ran (retries not repeated). */
  path: string[];
  /** A shortest way through the graph from the first step to `goal.reach`. */
  goalPath?: string[];
  wrongTurns: WrongTurn[];
  /** Time per step visit, from the end of the one before (so reading and deciding count). */
  timePerStep: { id: string; durationMs: number }[];
  hintsShown: string[];
  elapsedMs: number;
  /** Whether the run ended within `goal.within` (undefined without one). */
  withinTime?: boolean;
}

/** The game-day debrief of a rehearsal: path taken versus goal, time per step, hints shown, wrong turns. */
export function debrief(scenario: Scenario, events: RunEvent[], graph: StepGraph): Debrief {
  const started = events.find((e) => e.type === 'run-started');
  const finished = events.find((e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished');
  const outcome = finished?.outcome ?? null;
  const lastTime = finished?.time ?? [...events].reverse()[0]?.time;
  const elapsedMs = started && lastTime ? Math.max(0, Date.parse(lastTime) - Date.parse(started.time)) : 0;

  const path: string[] = [];
  const timePerStep: { id: string; durationMs: number }[] = [];
  let mark = started?.time;
  for (const event of events) {
    if (event.type === 'step-started' && event.attempt === 1) path.push(event.stepId);
    if (event.type === 'step-finished') {
      timePerStep.push({ id: event.stepId, durationMs: mark ? Math.max(0, Date.parse(event.time) - Date.parse(mark)) : event.durationMs });
      mark = event.time;
    }
  }

  const goal = scenario.goal;
  const targets = goalSteps(graph, scenario);
  const reachedStep = goal?.reach === undefined || path.includes(goal.reach);
  const reachedOutcome = goal?.outcome === undefined || outcome === goal.outcome;
  const goalReached = goal !== undefined && (goal.reach !== undefined || goal.outcome !== undefined) ? reachedStep && reachedOutcome : outcome === 'completed' || outcome === 'resolved';

  return {
    scenario: scenario.name,
    summary: scenario.summary,
    goal,
    goalReached,
    outcome,
    path,
    goalPath: goal?.reach && graph.steps[0] ? shortestPath(graph, graph.steps[0].id, goal.reach) : undefined,
    wrongTurns: targets.size > 0 ? wrongTurns(events, graph, targets, goal?.reach ?? goal?.outcome ?? '') : [],
    timePerStep,
    hintsShown: events.filter((e): e is Extract<RunEvent, { type: 'hint' }> => e.type === 'hint').map((e) => e.text),
    elapsedMs,
    withinTime: goal?.withinMs === undefined ? undefined : elapsedMs <= goal.withinMs,
  };
}

/** The steps that count as the goal: `goal.reach`, else every step that ends with `goal.outcome`. */
function goalSteps(graph: StepGraph, scenario: Scenario): Set<string> {
  const goal = scenario.goal;
  if (goal?.reach !== undefined) return new Set([goal.reach]);
  if (goal?.outcome === undefined) return new Set();
  const ends = graph.steps.filter((step) => {
    if (step.end === goal.outcome) return true;
    const targets = [...step.branch.map((b) => b.target), step.else, step.goto, ...(step.ask?.choices.map((c) => c.target) ?? [])];
    return targets.some((t) => t?.kind === 'end' && t.outcome === goal.outcome);
  });
  return new Set(ends.map((step) => step.id));
}

/**
 * Every move from a step from which the goal could still be reached to a place from which it
 * no longer can (another step, or the end of the run). Moves that follow the graph without a
 * decision never lose the goal, so what is found is a decision: an answer, an operator's jump,
 * or a branch the step's output chose.
 */
function wrongTurns(events: RunEvent[], graph: StepGraph, targets: Set<string>, goalName: string): WrongTurn[] {
  const canReach = new Map<string, boolean>();
  const reaches = (id: string): boolean => {
    if (!canReach.has(id)) canReach.set(id, [...reachableFrom(graph, id)].some((s) => targets.has(s)));
    return canReach.get(id)!;
  };
  const turns: WrongTurn[] = [];
  const finishedIndex = events.findIndex((e) => e.type === 'run-finished');
  const outcome = finishedIndex >= 0 ? (events[finishedIndex] as Extract<RunEvent, { type: 'run-finished' }>).outcome : undefined;
  events.forEach((event, i) => {
    if (event.type !== 'step-finished' || targets.has(event.stepId) || !reaches(event.stepId)) return;
    // Where the run moved on: the next step started, or the run's end (the events' end if neither).
    const found = events.findIndex((e, j) => j > i && (e.type === 'step-started' || e.type === 'run-finished'));
    const movedOn = found === -1 ? events.length : found;
    const nextStart = events[movedOn] as RunEvent | undefined;
    const wentTo = nextStart?.type === 'step-started' ? nextStart.stepId : nextStart?.type === 'run-finished' ? `end:${nextStart.outcome}` : event.next === null ? `end:${outcome ?? 'unknown'}` : event.next;
    if (nextStart?.type === 'step-started' && nextStart.stepId === event.stepId) return;
    if (!wentTo.startsWith('end:') && (targets.has(wentTo) || reaches(wentTo))) return;
    // An `ask` step's choice comes before its step-finished, an operator's override of a
    // branch after it: the last one for this step before the run moved on.
    const choice = [...events.slice(0, movedOn)].reverse().find((e): e is Extract<RunEvent, { type: 'choice' }> => e.type === 'choice' && e.stepId === event.stepId);
    const by = choice?.by ?? 'auto';
    const how = choice ? `you chose “${choice.choice}”` : event.branch ? `the branch ${event.branch.reason} was taken` : event.status === 'failed' ? 'the step failed' : 'the run moved on';
    const where = wentTo.startsWith('end:') ? `the run ended (${wentTo.slice(4)})` : `it went to \`${wentTo}\``;
    turns.push({
      stepId: event.stepId,
      choice: choice?.choice,
      by,
      wentTo,
      message: `After \`${event.stepId}\` ${how} and ${where}; from there \`${goalName}\` can no longer be reached`,
    });
  });
  return turns;
}
