/** Hand-built steps and graphs for run tests, and a way to collect a run's events. */
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_VISITS, type Step, type StepGraph } from '../../engine/contracts/step-graph.js';
import { createBashExecutor } from '../../engine/shell/bash-executor.js';
import { createUnattendedOperator } from '../../engine/run/create-unattended-operator.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { runGraph } from '../../engine/run/run-graph.js';
import type { Operator, RunOptions } from '../../engine/contracts/run-seams.js';
import { tempDir } from '../helpers-temp.js';

export const fixtureBin = fileURLToPath(new URL('../fixtures/bin', import.meta.url));

let index = 0;

export function makeStep(partial: Partial<Step> & { id: string }): Step {
  index += 1;
  return {
    title: partial.id,
    kind: partial.command !== undefined ? 'command' : 'end',
    index,
    section: '',
    sectionTitle: '',
    sectionDepth: 0,
    prose: '',
    position: { start: { line: index * 10, column: 1 }, end: { line: index * 10 + 3, column: 4 } },
    uses: [],
    sets: [],
    timeoutMs: 10_000,
    capture: [],
    branch: [],
    onFailure: { kind: 'stop' },
    interactive: false,
    secret: [],
    maxVisits: DEFAULT_MAX_VISITS,
    ...partial,
  };
}

export function makeGraph(steps: Step[], settings: Partial<StepGraph['settings']> = {}): StepGraph {
  return {
    file: 'runbooks/test.md',
    title: 'Test runbook',
    settings: { inputs: {}, shell: 'bash', timeoutMs: 10_000, ...settings },
    steps: steps.map((step, position) => ({ ...step, index: position })),
    sections: [],
  };
}

/** A private scratch directory, removed when the test file has finished. */
export function scratch(): string {
  return tempDir('runbook-run-');
}

/** PATH with the fixture executables first. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: `${fixtureBin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
    ...extra,
  };
}

export type TestRunOptions = Partial<RunOptions> & {
  graph: StepGraph;
  answers?: Record<string, string>;
};

/** Runs the graph with real bash and the unattended operator (unless given); returns all events. */
export async function runAll(options: TestRunOptions): Promise<RunEvent[]> {
  const inputs = options.inputs ?? {};
  const operator: Operator =
    options.operator ?? createUnattendedOperator({ inputs, answers: options.answers ?? {}, mode: options.mode ?? 'live' });
  const events: RunEvent[] = [];
  const executor = options.executor ?? createBashExecutor();
  for await (const event of runGraph({
    runId: 'run-1',
    sha256: 'abc',
    mode: 'live',
    executor,
    env: testEnv(),
    cwd: options.cwd ?? scratch(),
    ...options,
    inputs,
    operator,
  })) {
    events.push(event);
  }
  if (!options.executor) await executor.close?.();
  return events;
}

export function finished(events: RunEvent[]): Extract<RunEvent, { type: 'step-finished' }>[] {
  return events.filter((event): event is Extract<RunEvent, { type: 'step-finished' }> => event.type === 'step-finished');
}

export function outcomeOf(events: RunEvent[]): Extract<RunEvent, { type: 'run-finished' }> {
  const last = events[events.length - 1];
  if (last?.type !== 'run-finished') throw new Error(`the run did not finish: last event ${JSON.stringify(last)}`);
  return last;
}

export function outputOf(events: RunEvent[], stepId: string, stream?: 'stdout' | 'stderr'): string {
  return events
    .filter((event) => event.type === 'output' && event.stepId === stepId && (stream === undefined || event.stream === stream))
    .map((event) => (event.type === 'output' ? event.text : ''))
    .join('');
}
