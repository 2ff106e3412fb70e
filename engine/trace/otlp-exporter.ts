/**
 * The OTLP/HTTP exporter the environment asks for (`otlpProtocol`: `http/protobuf`, the
 * specification's default, or `http/json`),
 * wrapped so that a collector that cannot be reached never fails the run: the first failure is
 * kept and said once, at the end (`firstFailure`).
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { otlpProtocol } from './start-trace.js';

/** How long one export may take unless `OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT` says: the run's end waits for the last one. */
export const EXPORT_TIMEOUT_MS = 1000;

/** How long one export may take: `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT`, `OTEL_EXPORTER_OTLP_TIMEOUT` (ms), else ours. */
export function exportTimeoutMs(env: Record<string, string | undefined>): number {
  const given = Number(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT || env.OTEL_EXPORTER_OTLP_TIMEOUT);
  return Number.isFinite(given) && given > 0 ? given : EXPORT_TIMEOUT_MS;
}

export interface GuardedExporter extends SpanExporter {
  /** The first export that failed, with why; undefined while all went through. */
  firstFailure(): string | undefined;
}

/** The exporter for the protocol asked for (`startTrace` has refused the others). */
export function createOtlpExporter(env: Record<string, string | undefined>): GuardedExporter {
  const protocol = otlpProtocol(env);
  // No keep-alive: a socket left open would hold the CLI's process after the run.
  const config = { keepAlive: false, timeoutMillis: exportTimeoutMs(env) };
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
