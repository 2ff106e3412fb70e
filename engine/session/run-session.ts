/**
 * A journaled, resumable run in one call: the session (`createSession`), the preflight of an
 * unattended run (outcome `invalid`, nothing run, when it finds problems), the run with the
 * given operator (default: unattended, answering from `inputs` and `answers`), the result.
 */
import type { RunEvent } from '../contracts/run-event.js';
import type { Operator, RunControls } from '../contracts/run-seams.js';
import { createUnattendedOperator } from '../run/create-unattended-operator.js';
import { createSession, type SessionOptions, type SessionResult } from './create-session.js';

export interface RunSessionOptions extends SessionOptions {
  /** Default: unattended (answers from `inputs` and `answers`; a preflight runs first). */
  operator?: Operator;
  controls?: RunControls;
  /** Every event, as it comes (output included). */
  onEvent?: (event: RunEvent) => void;
}

export async function runSession(options: RunSessionOptions): Promise<SessionResult> {
  const session = createSession(options);
  const events: RunEvent[] = [];
  try {
    let operator = options.operator;
    if (!operator) {
      const problems = session.preflight();
      if (problems.length > 0) return { runId: session.runId, runbook: options.graph.file, outcome: 'invalid', path: [], steps: [], problems };
      operator = createUnattendedOperator({ inputs: session.inputs, answers: session.answers, mode: options.mode });
    }
    for await (const event of session.events(operator, options.controls)) {
      if (event.type !== 'output') events.push(event);
      options.onEvent?.(event);
    }
  } finally {
    await session.close();
  }
  return session.result(events);
}
