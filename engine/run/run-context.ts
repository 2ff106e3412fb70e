/**
 * What every kind of step is handed: the run's options and state, the event queue, the stop
 * signal, and the few moves they share (emit an event, ask the operator, say where to go next,
 * finish a step).
 */
import type { ExecResponse, RunOptions } from '../contracts/run-seams.js';
import type { CheckResult, RunEvent, StepStatus } from '../contracts/run-event.js';
import type { Step, Target } from '../contracts/step-graph.js';
import type { EventQueue } from './create-event-queue.js';
import { stateDelta, type RunState } from './run-state.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewEvent = DistributiveOmit<RunEvent, 'time'>;

/** Where control goes after a step. */
export type Flow = { kind: 'step'; step: Step | undefined } | ({ kind: 'end' } & RunEnd) | { kind: 'retry' };

/** How a run ends: `interrupted` when the operator or a signal ended it, not the runbook. */
export interface RunEnd {
  outcome: string;
  message?: string;
  interrupted?: boolean;
}

export interface RunContext {
  readonly options: RunOptions;
  readonly state: RunState;
  readonly queue: EventQueue<RunEvent>;
  /** Aborted when the run stops (Ctrl-C, a journal that cannot write, the consumer left). */
  readonly stopSignal: AbortSignal;
  /** Masks and timestamps an event, then queues it. */
  emit(event: NewEvent): void;
}

/** The run was stopped (its signal aborted) while it waited. */
export class RunInterrupted extends Error {}
/** The operator rejected a question (e.g. an input `--yes` cannot give): the run ends `aborted`. */
export class OperatorRefused extends Error {}

export function createRunContext(options: RunOptions, state: RunState, queue: EventQueue<RunEvent>, stopSignal: AbortSignal): RunContext {
  return {
    options,
    state,
    queue,
    stopSignal,
    emit(event) {
      queue.push(maskDeep({ ...event, time: new Date().toISOString() } as RunEvent, state.masker));
    },
  };
}

/** An operator decision, once the events before it were handled; abandoned when the run stops; a rejection refuses. */
export async function decide<T>(context: RunContext, ask: () => Promise<T>): Promise<T> {
  const { stopSignal } = context;
  await context.queue.drained();
  if (stopSignal.aborted) throw new RunInterrupted();
  let cleanup = (): void => {};
  const interrupted = new Promise<never>((_, reject) => {
    const onStop = (): void => reject(new RunInterrupted());
    stopSignal.addEventListener('abort', onStop, { once: true });
    cleanup = () => stopSignal.removeEventListener('abort', onStop);
  });
  try {
    return await Promise.race([
      ask().catch((error: unknown) => {
        throw new OperatorRefused(error instanceof Error ? error.message : String(error));
      }),
      interrupted,
    ]);
  } finally {
    cleanup();
  }
}

/** Who made a choice, as the `choice` event records it. */
export function chooser(context: RunContext): 'flag' | 'operator' {
  return context.options.operator.kind === 'unattended' ? 'flag' : 'operator';
}

/** The step after `step` in document order (undefined after the last: the run is complete). */
export function nextAfter(context: RunContext, step: Step): Flow {
  const { graph, positions } = context.state;
  return { kind: 'step', step: graph.steps[(positions.get(step.id) ?? graph.steps.length) + 1] };
}

/** Where a target leads from a step. */
export function resolveTarget(context: RunContext, target: Target, from: Step): Flow {
  switch (target.kind) {
    case 'step': {
      const position = context.state.positions.get(target.id);
      if (position === undefined) return { kind: 'end', outcome: 'failed', message: `Step \`${from.id}\` goes to unknown step \`${target.id}\`` };
      return { kind: 'step', step: context.state.graph.steps[position] };
    }
    case 'end':
      return { kind: 'end', outcome: target.outcome };
    case 'stop':
      return { kind: 'end', outcome: 'failed', message: `Step \`${from.id}\` failed` };
    case 'next':
    case 'continue':
      return nextAfter(context, from);
  }
}

/** After a step that passed and took no branch: its `end:`, else the next step. */
export function endOrNext(context: RunContext, step: Step): Flow {
  return step.end !== undefined ? { kind: 'end', outcome: step.end } : nextAfter(context, step);
}

/** The id `step-finished.next` records for a flow. */
export function flowNext(flow: Flow, current: Step): string | null {
  return flow.kind === 'step' ? (flow.step?.id ?? null) : flow.kind === 'retry' ? current.id : null;
}

export interface FinishFields {
  status: StepStatus;
  result?: ExecResponse;
  checks?: CheckResult[];
  captures?: Record<string, string>;
  branch?: { target: string; reason: string };
  handled?: boolean;
  message?: string;
  durationMs?: number;
}

/** The `step-finished` event, with where the run goes without the operator's say (`next`). */
export function finishStep(context: RunContext, step: Step, flow: Flow, fields: FinishFields): void {
  const { result } = fields;
  context.emit({
    type: 'step-finished',
    stepId: step.id,
    status: fields.status,
    exitCode: result?.exitCode ?? null,
    signal: result?.signal ?? null,
    timedOut: result?.timedOut ?? false,
    durationMs: result?.durationMs ?? fields.durationMs ?? 0,
    checks: fields.checks ?? [],
    captures: fields.captures ?? {},
    ...(fields.branch ? { branch: fields.branch } : {}),
    ...(fields.handled ? { handled: true } : {}),
    next: flowNext(flow, step),
    ...(fields.message ? { message: fields.message } : {}),
    ...(result ? { state: stateDelta(context.state), outputTruncated: result.truncated } : {}),
  });
}

/** `step-started` for a step that runs no command (or one that never got to run). */
export function startStep(context: RunContext, step: Step, visit: number, extra: { command?: string; edited?: boolean } = {}): void {
  context.emit({ type: 'step-started', stepId: step.id, title: step.title, ...extra, attempt: 1, visit });
}

function maskDeep<T>(value: T, masker: { mask(text: string): string }): T {
  if (typeof value === 'string') return masker.mask(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskDeep(item, masker)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = maskDeep((value as Record<string, unknown>)[key], masker);
    return out as T;
  }
  return value;
}
