import type { Step, StepGraph, Target } from './types.js';

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

/** Step ids reachable from `from` (itself included). */
export function reachableFrom(graph: StepGraph, from: string): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    const step = graph.steps.find((s) => s.id === id);
    if (!step) continue;
    seen.add(id);
    queue.push(...stepSuccessors(graph, step));
  }
  return seen;
}

/** A shortest path of step ids from `from` to `to` (both included), or undefined. */
export function shortestPath(graph: StepGraph, from: string, to: string): string[] | undefined {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === to) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = previous.get(at)!) path.unshift(at);
      return path;
    }
    const step = graph.steps.find((s) => s.id === id);
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
