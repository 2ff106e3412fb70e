/**
 * The OTLP/HTTP exporter the environment asks for (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, then
 * `OTEL_EXPORTER_OTLP_PROTOCOL`: `http/protobuf`, the specification's default, or `http/json`),
 * wrapped so that a collector that cannot be reached never fails the run: the first failure is
 * kept and said once, at the end (`firstFailure`).
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/** How long one export may take unless `OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT` says: the run's end waits for the last one. */
export const EXPORT_TIMEOUT_MS = 1000;

export interface GuardedExporter extends SpanExporter {
  /** The first export that failed, with why; undefined while all went through. */
  firstFailure(): string | undefined;
}

/** The exporter, or a sentence saying why none can be made (an unsupported protocol). */
export function createOtlpExporter(env: Record<string, string | undefined>): GuardedExporter | string {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    return `OTLP protocol \`${protocol}\` is not supported, expected \`http/protobuf\` or \`http/json\` (the collector's HTTP port, usually 4318)`;
  }
  const timed = env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT || env.OTEL_EXPORTER_OTLP_TIMEOUT;
  // No keep-alive: a socket left open would hold the CLI's process after the run.
  const config = { keepAlive: false, ...(timed ? {} : { timeoutMillis: EXPORT_TIMEOUT_MS }) };
  const inner = protocol === 'http/json' ? new JsonExporter(config) : new ProtobufExporter(config);
  let failure: string | undefined;
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      inner.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) failure ??= result.error?.message || 'the export failed';
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush(),
    firstFailure: () => failure,
  };
}
