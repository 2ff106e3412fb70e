import type { RunEvent } from '../contracts/run-event.js';

type Of<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

/** One execution of a step (one visit, one attempt): what it ran, printed and concluded. */
export interface StepExecution extends Pick<Of<'step-started'>, 'stepId' | 'title' | 'command' | 'edited' | 'attempt' | 'visit'> {
  /** Absent for a step that was skipped without starting. */
  started?: Of<'step-started'>;
  /** Absent when the run was interrupted during the step. */
  finished?: Of<'step-finished'>;
  /** Interleaved output as the operator saw it, and each stream alone. */
  output: string;
  stdout: string;
  stderr: string;
  /** Choices, notes, warnings, inputs and hints that came while the step ran. */
  events: RunEvent[];
}

export type RunItem = { kind: 'step'; step: StepExecution } | { kind: 'event'; event: RunEvent };

/** One journal file's run (a resumed run is a later segment of the same incident). */
export interface RunSegment {
  started?: Of<'run-started'>;
  items: RunItem[];
  finished?: Of<'run-finished'>;
}

/** Groups a run's events (all runs of an incident, oldest first) into runs and step executions. */
export function groupRun(events: RunEvent[]): RunSegment[] {
  const segments: RunSegment[] = [];
  let segment: RunSegment | undefined;
  let current: StepExecution | undefined;
  const ensure = () => {
    if (!segment) {
      segment = { items: [] };
      segments.push(segment);
    }
    return segment;
  };
  for (const event of events) {
    switch (event.type) {
      case 'run-started':
        current = undefined;
        segment = { started: event, items: [] };
        segments.push(segment);
        break;
      case 'step-started':
        current = {
          stepId: event.stepId,
          title: event.title,
          attempt: event.attempt,
          visit: event.visit,
          started: event,
          output: '',
          stdout: '',
          stderr: '',
          events: [],
        };
        if (event.command !== undefined) current.command = event.command;
        if (event.edited) current.edited = true;
        ensure().items.push({ kind: 'step', step: current });
        break;
      case 'output':
        if (current && current.stepId === event.stepId) {
          current.output += event.text;
          current[event.stream] += event.text;
        }
        break;
      case 'step-finished':
        if (current && current.stepId === event.stepId && !current.finished) {
          current.finished = event;
        } else {
          ensure().items.push({
            kind: 'step',
            step: { stepId: event.stepId, title: event.stepId, attempt: 1, visit: 1, finished: event, output: '', stdout: '', stderr: '', events: [] },
          });
        }
        current = undefined;
        break;
      case 'run-finished':
        ensure().finished = event;
        current = undefined;
        break;
      default:
        if (current && !current.finished) current.events.push(event);
        else ensure().items.push({ kind: 'event', event });
    }
  }
  return segments;
}

/** All step executions, in order. */
export function stepExecutions(segments: RunSegment[]): StepExecution[] {
  return segments.flatMap((segment) => segment.items.flatMap((item) => (item.kind === 'step' ? [item.step] : [])));
}
