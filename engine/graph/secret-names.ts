import type { StepGraph } from '../contracts/step-graph.js';

/** Names whose values are secret: inputs declared `secret: true`, and captures a step lists in `secret:`. */
export function secretNames(graph: StepGraph): string[] {
  const names = new Set<string>();
  for (const spec of Object.values(graph.settings.inputs)) if (spec.secret) names.add(spec.name);
  for (const step of graph.steps) for (const name of step.secret) names.add(name);
  return [...names];
}
