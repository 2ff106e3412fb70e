/**
 * A step's `capture:` into the run's variables. A value no command could be given is refused:
 * one holding a NUL byte (an environment string ends at the first NUL) or one over
 * `MAX_CAPTURE_BYTES` (Linux refuses an environment string over 128 KiB, and all of them
 * together over a quarter of the stack limit: every later command would fail "Argument list
 * too long"). A refused capture is unset and fails its own step (docs/running.md).
 */
import type { StepResult } from '../contracts/run-event.js';
import type { Step } from '../contracts/step-graph.js';
import { applyCaptures } from './apply-captures.js';
import type { RunContext } from './run-context.js';
import { setVar, unsetVar } from './run-state.js';

/** The largest captured value, in UTF-8 bytes. */
export const MAX_CAPTURE_BYTES = 64 * 1024;

export interface Captured {
  values: Record<string, string>;
  /** Why the step fails because of a capture, when one was refused. */
  problem?: string;
}

export function takeCaptures(context: RunContext, step: Step, result: StepResult): Captured {
  const captured: Captured = { values: {} };
  if (step.capture.length === 0) return captured;
  const outcome = applyCaptures(step.capture, result);
  const problems: string[] = [];
  for (const [name, value] of Object.entries(outcome.values)) {
    const refused = refusal(name, value);
    if (refused) {
      unsetVar(context.state, name);
      problems.push(refused);
      continue;
    }
    setVar(context.state, name, value);
    captured.values[name] = value;
  }
  for (const missing of outcome.missing) {
    unsetVar(context.state, missing.name);
    context.emit({ type: 'warning', stepId: step.id, message: `Capture \`${missing.name}\` found nothing (${missing.reason}); it is unset` });
  }
  if (problems.length > 0) captured.problem = problems.join('; ');
  return captured;
}

function refusal(name: string, value: string): string | undefined {
  const nul = value.indexOf('\0');
  if (nul !== -1) return `capture \`${name}\` holds a NUL byte (at character ${nul + 1}), which no command can be given; it is unset`;
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_CAPTURE_BYTES) {
    return `capture \`${name}\` is ${bytes} bytes, more than the ${MAX_CAPTURE_BYTES / 1024} KiB a captured value may hold; it is unset`;
  }
  return undefined;
}
