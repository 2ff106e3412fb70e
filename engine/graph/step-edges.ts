import type { Condition, Step, StepGraph, Target, TextMatcher } from '../contracts/step-graph.js';

export type EdgeKind = 'next' | 'branch' | 'else' | 'failure' | 'choice' | 'goto' | 'end';

/** Where control can go from a step: to another step, or to an end of the run. */
export interface StepEdge {
  kind: EdgeKind;
  /** A step id, or undefined when the edge ends the run. */
  to?: string;
  /** The outcome when the edge ends the run (`completed`, `resolved`, `failed`…). */
  outcome?: string;
  /** e.g. `stdout /CrashLoopBackOff/`, `Yes`, `on failure`. */
  label?: string;
}

/** The edges out of one step, in a stable order: branches, else, next/end, on-failure, choices. */
export function stepEdges(graph: StepGraph, step: Step): StepEdge[] {
  const edges: StepEdge[] = [];
  const add = (kind: EdgeKind, target: Target, label?: string) => {
    const edge = edgeTo(graph, step, target);
    if (edge) edges.push({ kind, ...edge, ...(label === undefined ? {} : { label }) });
  };
  const afterwards = (kind: EdgeKind) => {
    if (step.end) edges.push({ kind: 'end', outcome: step.end });
    else add(kind, { kind: 'next' });
  };
  switch (step.kind) {
    case 'command':
      for (const branch of step.branch) add('branch', branch.target, describeCondition(branch.when));
      if (step.else) add('else', step.else, 'else');
      else afterwards('next');
      if (step.onFailure.kind !== 'stop') add('failure', step.onFailure, 'on failure');
      break;
    case 'ask':
      for (const choice of step.ask?.choices ?? []) add('choice', choice.target, choice.label);
      break;
    case 'manual':
      afterwards('next');
      break;
    case 'goto':
      if (step.goto) add('goto', step.goto);
      break;
    case 'end':
      edges.push({ kind: 'end', outcome: step.end ?? 'completed' });
      break;
  }
  return edges;
}

function edgeTo(graph: StepGraph, step: Step, target: Target): Pick<StepEdge, 'to' | 'outcome'> | undefined {
  switch (target.kind) {
    case 'step':
      return { to: target.id };
    case 'end':
      return { outcome: target.outcome };
    case 'stop':
      return { outcome: 'failed' };
    case 'next':
    case 'continue': {
      const next = graph.steps[step.index + 1];
      return next ? { to: next.id } : { outcome: 'completed' };
    }
  }
}

/** A short human description of a condition, for edge labels. */
export function describeCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'exit':
      return condition.codes === 'nonzero' ? 'exit nonzero' : `exit ${condition.codes.join('|')}`;
    case 'text':
      return `${condition.stream} ${describeMatcher(condition.match)}`;
    case 'json':
      return `${condition.path} ${condition.test.op === 'equals' ? '=' : condition.test.op} ${JSON.stringify('value' in condition.test ? condition.test.value : `/${condition.test.source}/`)}`;
    case 'var':
      return `$${condition.name} ${describeMatcher(condition.match)}`;
    case 'all':
      return condition.of.map(describeCondition).join(' and ');
    case 'any':
      return condition.of.map(describeCondition).join(' or ');
    case 'not':
      return `not (${describeCondition(condition.of)})`;
  }
}

function describeMatcher(match: TextMatcher): string {
  switch (match.kind) {
    case 'substring':
      return JSON.stringify(match.text);
    case 'regex':
      return `/${match.source}/${match.flags}`;
    case 'transcript':
      return 'matches transcript';
  }
}
