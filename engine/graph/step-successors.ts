import type { Step, StepGraph, Target } from '../contracts/step-graph.js';

/**
 * The steps control can go to after `step` in the graph (not counting operator overrides):
 * branch, `else`, `on-failure` and `ask` targets, `goto`, and the next step in document order
 * when the step can fall through to it.
 */
export function stepSuccessors(graph: StepGraph, step: Step): string[] {
  if (step.kind === 'end' || step.end !== undefined) return [];
  const next = graph.steps[step.index + 1]?.id;
  const resolve = (target: Target | undefined): string | undefined => {
    if (!target) return undefined;
    if (target.kind === 'step') return target.id;
    if (target.kind === 'next' || target.kind === 'continue') return next;
    return undefined;
  };
  const targets: (string | undefined)[] = [];
  if (step.kind === 'goto') targets.push(resolve(step.goto));
  else if (step.kind === 'ask') targets.push(...(step.ask?.choices ?? []).map((choice) => resolve(choice.target)));
  else {
    targets.push(...step.branch.map((branch) => resolve(branch.target)), resolve(step.else), resolve(step.onFailure));
    if (!step.else) targets.push(next);
  }
  return [...new Set(targets.filter((id): id is string => id !== undefined))];
}

/** The graph's steps by id (looked up once per walk, not searched for at every step). */
function stepsById(graph: StepGraph): Map<string, Step> {
  return new Map(graph.steps.map((step) => [step.id, step]));
}

/** Step ids reachable from `from` (itself included); `successors` may narrow where a step leads (e.g. by the answers given). */
export function reachableFrom(graph: StepGraph, from: string, successors: (graph: StepGraph, step: Step) => string[] = stepSuccessors): Set<string> {
  const byId = stepsById(graph);
  const seen = new Set<string>();
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    if (seen.has(id)) continue;
    const step = byId.get(id);
    if (!step) continue;
    seen.add(id);
    queue.push(...successors(graph, step));
  }
  return seen;
}

/** A shortest path of step ids from `from` to `to` (both included), or undefined. */
export function shortestPath(graph: StepGraph, from: string, to: string): string[] | undefined {
  const byId = stepsById(graph);
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    if (id === to) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = previous.get(at)!) path.unshift(at);
      return path;
    }
    const step = byId.get(id);
    if (!step) continue;
    for (const next of stepSuccessors(graph, step)) {
      if (!previous.has(next)) {
        previous.set(next, id);
        queue.push(next);
      }
    }
  }
  return undefined;
}
