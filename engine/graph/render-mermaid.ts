import { stepEdges, type StepEdge } from './step-edges.js';
import type { Step, StepGraph } from '../contracts/step-graph.js';

/**
 * The step graph as a Mermaid `flowchart TD` that renders on GitHub: node ids are `s1`, `s2`…
 * (step ids may hold characters Mermaid reads as syntax), labels are quoted with `"`, `<`, `>`
 * and backticks as entity codes. Failure edges are dotted; run ends are stadium nodes.
 */
export function renderMermaid(graph: StepGraph): string {
  const lines = ['flowchart TD'];
  const nodeOf = new Map(graph.steps.map((step) => [step.id, `s${step.index + 1}`]));
  const ends = new Map<string, string>();
  const endNode = (outcome: string) => {
    let node = ends.get(outcome);
    if (!node) {
      node = `out_${ends.size + 1}`; // never `end…`: Mermaid reads `end` as a keyword
      ends.set(outcome, node);
    }
    return node;
  };
  const edgeLines: string[] = [];
  for (const step of graph.steps) {
    lines.push(`  ${nodeOf.get(step.id)}${shape(step)}`);
    for (const edge of stepEdges(graph, step)) {
      const to = edge.to === undefined ? endNode(edge.outcome ?? 'completed') : (nodeOf.get(edge.to) ?? endNode(`unknown ${edge.to}`));
      edgeLines.push(`  ${nodeOf.get(step.id)} ${arrow(edge)} ${to}`);
    }
  }
  for (const [outcome, node] of ends) lines.push(`  ${node}(["${escape(outcome === 'completed' ? 'end' : `end: ${outcome}`)}"])`);
  if (graph.steps.length === 0) lines.push(`  empty["${escape('no steps')}"]`);
  return [...lines, ...edgeLines].join('\n');
}

function shape(step: Step): string {
  const label = escape(`${step.index + 1}. ${truncate(step.title)}`);
  switch (step.kind) {
    case 'ask':
      return `{"${label}"}`;
    case 'manual':
      return `[/"${label}"/]`;
    case 'goto':
      return `(["${label}"])`;
    case 'end':
      return `(["${label}"])`;
    default:
      return `["${label}"]`;
  }
}

function arrow(edge: StepEdge): string {
  const line = edge.kind === 'failure' ? '-.->' : '-->';
  return edge.label ? `${line}|"${escape(truncate(edge.label, 40))}"|` : line;
}

function truncate(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/** Mermaid entity codes for what would end or alter a quoted label. */
export function escape(text: string): string {
  return text.replace(/[#"<>`|]/g, (char) => `#${char.charCodeAt(0)};`);
}
