import { stepEdges } from './step-edges.js';
import type { StepGraph } from '../contracts/step-graph.js';

const SHAPES = { command: 'box', ask: 'diamond', manual: 'parallelogram', goto: 'oval', end: 'doubleoctagon' } as const;

/** The step graph as Graphviz DOT. */
export function renderDot(graph: StepGraph): string {
  const lines = ['digraph runbook {', `  label=${quote(graph.title)};`, '  node [shape=box, fontname="Helvetica"];'];
  const ends = new Set<string>();
  const edges: string[] = [];
  for (const step of graph.steps) {
    lines.push(`  ${quote(step.id)} [label=${quote(`${step.index + 1}. ${step.title}`)}, shape=${SHAPES[step.kind]}];`);
    for (const edge of stepEdges(graph, step)) {
      const to = edge.to ?? `end:${edge.outcome ?? 'completed'}`;
      if (edge.to === undefined) ends.add(to);
      const attributes = [edge.label ? `label=${quote(edge.label)}` : '', edge.kind === 'failure' ? 'style=dashed' : ''].filter(Boolean);
      edges.push(`  ${quote(step.id)} -> ${quote(to)}${attributes.length ? ` [${attributes.join(', ')}]` : ''};`);
    }
  }
  for (const end of ends) lines.push(`  ${quote(end)} [shape=oval, style=filled];`);
  return [...lines, ...edges, '}'].join('\n');
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
