/**
 * Starts a run's trace when the operator's environment names an OTLP endpoint, and loads
 * nothing otherwise: OpenTelemetry is imported here, lazily (in the CLI's bundle it is a module
 * of its own beside it, `scripts/build.mjs`), so a run or a `check` without tracing never pays
 * for it.
 */
import type { RunTrace, RunTraceOptions } from './run-trace.js';

/** Whether the environment asks for traces: an OTLP endpoint, and the SDK not turned off (`OTEL_SDK_DISABLED`, `OTEL_TRACES_EXPORTER=none`). */
export function tracingWanted(env: Record<string, string | undefined>): boolean {
  if (!env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT && !env.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return !(env.OTEL_TRACES_EXPORTER ?? '').split(',').some((name) => name.trim().toLowerCase() === 'none');
}

/** The OTLP protocol asked for: `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, then `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf` (the specification's default). */
export function otlpProtocol(env: Record<string, string | undefined>): string {
  return (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
}

/** The run's trace, or undefined (not wanted, or OpenTelemetry could not start: said once on stderr, the run goes on). */
export async function startTrace(options: RunTraceOptions): Promise<RunTrace | undefined> {
  if (!tracingWanted(options.env)) return undefined;
  const warn = options.warn ?? ((message: string) => process.stderr.write(`runbook: ${message}\n`));
  const protocol = otlpProtocol(options.env);
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    warn(`traces are off: OTLP protocol \`${protocol}\` is not supported, expected \`http/protobuf\` or \`http/json\` (the collector's HTTP port, usually 4318)`);
    return undefined;
  }
  try {
    const { createOtelRunTrace } = await import('./otel-run-trace.js');
    return createOtelRunTrace({ ...options, warn });
  } catch (error) {
    warn(`traces are off: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
