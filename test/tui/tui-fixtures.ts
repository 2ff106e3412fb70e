// Shared helpers for the TUI tests: a small step graph and run events.
import { expect } from 'vitest';
import type { Step, StepGraph } from '../../engine/contracts/step-graph.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';

export function step(id: string, overrides: Partial<Step> = {}): Step {
  return {
    id,
    title: overrides.title ?? id,
    kind: 'command',
    index: 0,
    section: overrides.section ?? id,
    sectionTitle: overrides.sectionTitle ?? overrides.title ?? id,
    sectionDepth: 2,
    prose: '',
    position: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    command: `echo ${id}`,
    lang: 'bash',
    uses: [],
    sets: [],
    timeoutMs: 600_000,
    capture: [],
    branch: [],
    onFailure: { kind: 'stop' },
    interactive: false,
    secret: [],
    maxVisits: 3,
    ...overrides,
  };
}

/** pods (branches to crashloop or health) → crashloop → health → restart (dangerous). */
export function graph(): StepGraph {
  const steps = [
    step('pods', {
      title: 'Check the agent pods',
      prose: 'Look at the **pods** first: the `STATUS` column tells which way to go.',
      command: 'kubectl get pods -n "${NAMESPACE}"',
      branch: [
        { when: { kind: 'text', stream: 'stdout', match: { kind: 'regex', source: 'CrashLoopBackOff', flags: '' } }, target: { kind: 'step', id: 'crashloop' }, raw: 'crashloop' },
      ],
    }),
    step('health', { title: 'Check the health endpoint', command: 'curl -fsS http://localhost:8080/health' }),
    step('crashloop', { title: 'Crash loop', prose: 'The container keeps dying.', command: 'kubectl logs "$POD" --previous' }),
    step('restart', { title: 'Restart the agent', command: 'kubectl rollout restart deployment/agent', confirm: 'restart agent' }),
  ].map((s, index) => ({ ...s, index }));
  return {
    file: 'agent.md',
    title: 'Agent not responding',
    settings: { inputs: {}, shell: 'bash', timeoutMs: 600_000 },
    steps,
    sections: steps.map((s) => ({ slug: s.section, title: s.sectionTitle, depth: 2, line: 1 })),
  };
}

/**
 * Events happen now, so elapsed clocks read 00:00: counted from the first event a test file
 * makes. Not from this module's loading: a worker keeps its modules from one test file to the
 * next (`isolate: false`), and a later file would find its run started seconds ago.
 */
let T0 = Date.now();
let clockFile: string | undefined;
export const at = (seconds: number): string => {
  const file = expect.getState().testPath;
  if (file !== clockFile) {
    clockFile = file;
    T0 = Date.now();
  }
  return new Date(T0 + seconds * 1000).toISOString();
};

export const runStarted = (): RunEvent => ({
  type: 'run-started',
  time: at(0),
  runId: 'run-1',
  runbook: 'agent.md',
  sha256: 'x',
  title: 'Agent not responding',
  mode: 'live',
  inputs: {},
});

export const stepStarted = (stepId: string, seconds = 1, extra: Partial<Extract<RunEvent, { type: 'step-started' }>> = {}): RunEvent => ({
  type: 'step-started',
  time: at(seconds),
  stepId,
  title: stepId,
  command: `echo ${stepId}`,
  attempt: 1,
  visit: 1,
  ...extra,
});

export const stepFinished = (stepId: string, next: string | null, extra: Partial<Extract<RunEvent, { type: 'step-finished' }>> = {}): RunEvent => ({
  type: 'step-finished',
  time: at(2),
  stepId,
  status: 'passed',
  exitCode: 0,
  signal: null,
  timedOut: false,
  durationMs: 1000,
  checks: [],
  captures: {},
  next,
  ...extra,
});
