import type { RunEvent } from '../contracts/run-event.js';
import type { StepGraph } from '../contracts/step-graph.js';

/**
 * A run as an OpenTelemetry trace (`docs/tracing.md`): one `runbook.run` span, one
 * `runbook.step` span per step attempt, fed from the run's events. Made by `startTrace`, which
 * loads OpenTelemetry only when an OTLP endpoint is configured.
 */
export interface RunTrace {
  /** Passes the run's events on after turning each into spans (a step's span opens before its command starts). */
  observe(events: AsyncIterable<RunEvent>): AsyncGenerator<RunEvent>;
  /** The W3C trace context of a step's open span, for its environment (`TRACEPARENT`, `TRACESTATE`); empty when none is open. */
  stepEnv(stepId: string): Record<string, string>;
  /** Ends what is open, sends what is left (a bounded wait) and says once on stderr if the collector could not take it. */
  shutdown(): Promise<void>;
}

export interface RunTraceOptions {
  graph: StepGraph;
  /** The run's one masker: every text a span carries passes through it. */
  masker: { mask(text: string): string };
  /** The incident: the first run's id (a resumed run continues it). */
  incident?: string;
  /** The operator's environment: the OTLP settings, and a parent `TRACEPARENT` when runbook itself is traced. */
  env: Record<string, string | undefined>;
  /** Where the one warning goes (default: stderr). */
  warn?: (message: string) => void;
}
