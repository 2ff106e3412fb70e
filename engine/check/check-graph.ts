import type { VFile } from 'vfile';
import { reportProblem } from '../graph/report-problem.js';
import { stepEdges, type StepEdge } from '../graph/step-edges.js';
import type { StepGraph } from '../contracts/step-graph.js';
import type { ParsedRunbook } from '../parse/types.js';

/**
 * Whole-graph checks: loops no step of which leads out (errors); steps no path reaches and
 * declared inputs no step uses (warnings).
 */
export function checkGraph(graph: StepGraph, parsed: ParsedRunbook, file: VFile): void {
  const ids = new Map(graph.steps.map((step, index) => [step.id, index]));
  const edges = graph.steps.map((step) => stepEdges(graph, step));
  const targetIndex = (edge: StepEdge) => (edge.to === undefined ? undefined : ids.get(edge.to));

  // Reachability from the first step.
  const reached = new Set<number>();
  const queue = graph.steps.length > 0 ? [0] : [];
  while (queue.length > 0) {
    const index = queue.pop()!;
    if (reached.has(index)) continue;
    reached.add(index);
    for (const edge of edges[index]!) {
      const to = targetIndex(edge);
      if (to !== undefined && !reached.has(to)) queue.push(to);
    }
  }
  for (const step of graph.steps) {
    if (!reached.has(step.index))
      reportProblem(file, `Unreachable step \`${step.id}\`, expected a path from the first step to lead here`, step.position, 'unreachable', { fatal: false });
  }

  // Loops: strongly connected components with a cycle and no edge out of them.
  for (const component of stronglyConnected(graph.steps.length, (index) => edges[index]!.flatMap((edge) => targetIndex(edge) ?? []))) {
    const members = new Set(component);
    const cyclic = component.length > 1 || edges[component[0]!]!.some((edge) => targetIndex(edge) === component[0]);
    if (!cyclic) continue;
    const leaves = component.some((index) =>
      edges[index]!.some((edge) => (edge.to === undefined ? edge.outcome !== 'failed' : !members.has(targetIndex(edge) ?? -1))),
    );
    if (leaves) continue;
    const ordered = [...component].sort((a, b) => a - b);
    const first = graph.steps[ordered[0]!]!;
    const path = [...ordered, ordered[0]!].map((index) => `\`${graph.steps[index]!.id}\``).join(' → ');
    // An error: such a run can only fail (a step failing) or stop at max-visits.
    reportProblem(file, `Unexpected loop without an exit: ${path}, expected a step of it to lead out (a branch, a choice or an end)`, first.position, 'loop');
  }

  // Declared inputs no step uses.
  const used = new Set(graph.steps.flatMap((step) => step.uses));
  for (const name of Object.keys(graph.settings.inputs)) {
    if (used.has(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const annotation =
      parsed.settingsAnnotation && hasInput(parsed.settingsAnnotation.data, name) ? parsed.settingsAnnotation : parsed.frontMatterAnnotation;
    reportProblem(file, `Unused input \`${name}\`, expected a step to use \`$${name}\``, annotation?.place(['runbook', 'inputs', name], 'key'), 'unused-input', {
      fatal: false,
    });
  }
}

function hasInput(data: unknown, name: string): boolean {
  const runbook = (data as { runbook?: { inputs?: Record<string, unknown> } } | null)?.runbook;
  return !!runbook?.inputs && typeof runbook.inputs === 'object' && name in runbook.inputs;
}

/** Tarjan's algorithm (iterative), components in reverse topological order. */
function stronglyConnected(count: number, successors: (index: number) => number[]): number[][] {
  const index = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: { node: number; next: number; children: number[] }[] = [{ node: root, next: 0, children: successors(root) }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.next < frame.children.length) {
        const child = frame.children[frame.next++]!;
        if (index[child] === -1) {
          index[child] = low[child] = counter++;
          stack.push(child);
          onStack[child] = true;
          work.push({ node: child, next: 0, children: successors(child) });
        } else if (onStack[child]) low[frame.node] = Math.min(low[frame.node]!, index[child]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
      if (low[frame.node] === index[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = false;
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}
