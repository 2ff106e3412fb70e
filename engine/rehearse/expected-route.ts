/**
 * A scenario's expected route: the path its own world produces. The runbook is rehearsed once,
 * unattended, in a fresh copy of the scenario's world, with its `answers` and `inputs`, every
 * branch following the rules' answers, with no waiting (delays, retry delays and `sleep` cut to
 * nothing). The debrief compares the trainee's drill with it, and `runbook scenario show`
 * prints it for the facilitator.
 */
export type { ExpectedRoute, RouteVisit };
import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent } from '../contracts/run-event.js';
import type { ExpectedRoute, RouteVisit } from '../contracts/debrief.js';
import { runGraph } from '../run/run-graph.js';
import { createUnattendedOperator } from '../run/create-unattended-operator.js';
import { createRehearsalExecutor } from './rehearsal-executor.js';
import { withDecisions } from './operator-decisions.js';
import { scaleGraph } from './scale-graph.js';
import type { Scenario } from './scenario.js';


/** As fast as the world allows: time is cut by this factor. */
const NO_WAITING = 1_000_000;

export async function expectedRoute(scenario: Scenario, graph: StepGraph, options: { inputs?: Record<string, string>; env?: Record<string, string> } = {}): Promise<ExpectedRoute> {
  const executor = await createRehearsalExecutor(scenario, { timeScale: NO_WAITING, onWarning: () => {} });
  const events: RunEvent[] = [];
  try {
    const inputs = { ...defaults(graph), ...scenario.inputs, ...options.inputs };
    const operator = withDecisions(createUnattendedOperator({ inputs, answers: scenario.answers, mode: 'rehearsal' }), scenario.decisions);
    for await (const event of runGraph({
      graph: scaleGraph(graph, NO_WAITING),
      runId: 'expected-route',
      sha256: '',
      mode: 'rehearsal',
      executor,
      operator,
      inputs,
      ...(options.env ? { env: options.env } : {}),
    })) {
      if (event.type !== 'output') events.push(event);
    }
  } finally {
    await executor.close?.();
  }
  return routeOf(events);
}

/** The route a run took (or a drill, over several runs when it was resumed): each step visit and where it went next. */
export function routeOf(events: RunEvent[]): ExpectedRoute {
  const visits: RouteVisit[] = [];
  let again = false;
  let outcome: string | null = null;
  let message: string | undefined;
  for (const event of events) {
    const last = visits.at(-1);
    if (event.type === 'run-started') {
      // A resumed drill starts again at the step that was interrupted: the same visit.
      again = true;
    } else if (event.type === 'step-started') {
      if (last && last.stepId === event.stepId && (event.attempt > 1 || again)) {
        again = false;
        continue;
      }
      again = false;
      if (last) last.next = event.stepId;
      visits.push({ stepId: event.stepId, next: '', ...(event.edited ? { edited: true } : {}) });
    } else if (event.type === 'step-finished' && last?.stepId === event.stepId) {
      last.status = event.status;
      if (event.message) last.message = event.message;
      if (event.branch) last.why = event.branch.reason;
    } else if (event.type === 'choice') {
      const visit = [...visits].reverse().find((v) => v.stepId === event.stepId);
      if (visit) Object.assign(visit, { choice: event.choice, by: event.by });
      if (event.choice === 'retry') again = true;
    } else if (event.type === 'run-finished') {
      outcome = event.outcome;
      message = event.message;
    }
  }
  const end = visits.at(-1);
  if (end) end.next = `end:${outcome ?? 'unknown'}`;
  return { visits, outcome, ...(message ? { message } : {}) };
}

function defaults(graph: StepGraph): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const spec of Object.values(graph.settings.inputs)) if (spec.default !== undefined) inputs[spec.name] = spec.default;
  return inputs;
}
