import type { StepGraph } from '../contracts/step-graph.js';

/** The graph with every step's retry delay divided by `timeScale` (a time-compressed rehearsal). */
export function scaleGraph(graph: StepGraph, timeScale: number): StepGraph {
  if (timeScale === 1) return graph;
  return {
    ...graph,
    steps: graph.steps.map((step) => (step.retry ? { ...step, retry: { ...step.retry, delayMs: Math.round(step.retry.delayMs / timeScale) } } : step)),
  };
}
