import type { Executor } from '../contracts/run-seams.js';
import type { RunTrace } from './run-trace.js';

/**
 * Gives each command the trace context of its step's span (`TRACEPARENT`, `TRACESTATE`: the
 * OpenTelemetry convention for environment carriers), so the tools a step calls can join the run's trace.
 */
export function tracedExecutor(executor: Executor, trace: RunTrace): Executor {
  return {
    exec: (request) => executor.exec({ ...request, env: { ...request.env, ...trace.stepEnv(request.step.id) } }),
    ...(executor.prepare ? { prepare: () => executor.prepare!() } : {}),
    ...(executor.close ? { close: () => executor.close!() } : {}),
  };
}
