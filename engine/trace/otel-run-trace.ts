/**
 * The run's trace through OpenTelemetry's SDK and OTLP exporter: loaded only by `startTrace`
 * (the CLI's bundle keeps it in a module of its own, `dist/otel-run-trace.js`). Spans are built
 * from the run's events, with the events' own times; nothing global is registered.
 */
import { hostname, userInfo } from 'node:os';
import { context as contexts, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { RunEvent } from '../contracts/run-event.js';
import { createOtlpExporter, exportTimeoutMs } from './otlp-exporter.js';
import type { RunTrace, RunTraceOptions } from './run-trace.js';
import { runEndAttributes, runFailed, runStartAttributes, spanEvent, stepEndAttributes, stepStartAttributes } from './span-attributes.js';

/** How long the run's end waits for the last spans to be sent, beyond one export's own timeout. */
const SHUTDOWN_SLACK_MS = 500;

export function createOtelRunTrace(options: RunTraceOptions & { warn: (message: string) => void }): RunTrace {
  const { env, graph } = options;
  const mask = (text: string): string => options.masker.mask(text);
  const exporter = createOtlpExporter(env);
  const provider = new TracerProvider({ resource: runResource(), spanProcessors: [new BatchSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('runbook');
  const propagator = new W3CTraceContextPropagator();
  // runbook itself may run inside a trace (a CI job, a script): its run joins it.
  const parent = env.TRACEPARENT ? propagator.extract(ROOT_CONTEXT, { traceparent: env.TRACEPARENT, tracestate: env.TRACESTATE }, defaultTextMapGetter) : ROOT_CONTEXT;
  let run: Span | undefined;
  let runContext: Context = parent;
  /** The open attempt span of each step. */
  const steps = new Map<string, Span>();

  const endStep = (stepId: string, time: Date, attributes: Attributes, error?: { type: string; message: string }): void => {
    const span = steps.get(stepId);
    if (!span) return;
    steps.delete(stepId);
    span.setAttributes(attributes);
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end(time);
  };
  const startStep = (stepId: string, time: Date, attributes: Attributes): Span => {
    const span = tracer.startSpan('runbook.step', { kind: SpanKind.INTERNAL, startTime: time, attributes }, runContext);
    steps.set(stepId, span);
    return span;
  };
  const handle = (event: RunEvent): void => {
    const time = new Date(event.time);
    switch (event.type) {
      case 'run-started':
        run = tracer.startSpan('runbook.run', { kind: SpanKind.INTERNAL, startTime: time, attributes: runStartAttributes(event, mask, options.incident) }, parent);
        runContext = trace.setSpan(parent, run);
        return;
      case 'step-started':
        // A new attempt of a step still open: the one before failed and is retried.
        endStep(event.stepId, time, { 'runbook.step.outcome': 'retried', 'error.type': 'retried' }, { type: 'retried', message: 'failed; retried' });
        startStep(event.stepId, time, stepStartAttributes(event, graph, mask));
        return;
      case 'step-finished': {
        // A step may finish without a start (skipped on resume): it still gets its span.
        if (!steps.has(event.stepId)) startStep(event.stepId, time, { 'runbook.step.id': event.stepId });
        const failed = event.status === 'failed';
        endStep(event.stepId, time, stepEndAttributes(event, mask), failed ? { type: 'failed', message: mask(event.message ?? 'failed') } : undefined);
        return;
      }
      case 'run-finished':
        for (const stepId of [...steps.keys()]) endStep(stepId, time, { 'runbook.step.outcome': 'unfinished' });
        if (!run) return;
        run.setAttributes(runEndAttributes(event, mask));
        if (runFailed(event)) run.setStatus({ code: SpanStatusCode.ERROR, message: mask(event.message ?? event.outcome) });
        run.end(time);
        run = undefined;
        return;
      default: {
        const found = spanEvent(event, mask);
        if (!found) return;
        const stepId = 'stepId' in event ? event.stepId : undefined;
        const step = stepId !== undefined ? steps.get(stepId) : undefined;
        // About a step not running now (a note before it runs): on the run's span, naming the step.
        if (step) step.addEvent(found.name, found.attributes, time);
        else run?.addEvent(found.name, stepId !== undefined ? { ...found.attributes, 'runbook.step.id': stepId } : found.attributes, time);
      }
    }
  };

  return {
    async *observe(events) {
      for await (const event of events) {
        try {
          handle(event);
        } catch (error) {
          // A trace is a by-product: it never stops the run.
          options.warn(`trace: ${error instanceof Error ? error.message : String(error)}`);
        }
        yield event;
      }
    },
    stepEnv(stepId) {
      const span = steps.get(stepId);
      if (!span) return {};
      const carrier: Record<string, string> = {};
      propagator.inject(trace.setSpan(contexts.active(), span), carrier, defaultTextMapSetter);
      return { ...(carrier.traceparent ? { TRACEPARENT: carrier.traceparent } : {}), ...(carrier.tracestate ? { TRACESTATE: carrier.tracestate } : {}) };
    },
    async shutdown() {
      // A run stopped without its end (the journal failed, a crash): what is open ends now.
      const now = new Date();
      for (const stepId of [...steps.keys()]) endStep(stepId, now, { 'runbook.step.outcome': 'unfinished' });
      run?.end(now);
      run = undefined;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), exportTimeoutMs(env) + SHUTDOWN_SLACK_MS);
        timer.unref();
      });
      const ended = await Promise.race([provider.shutdown().then(() => 'sent' as const, () => 'failed' as const), late]);
      clearTimeout(timer);
      const failure = exporter.firstFailure() ?? (ended === 'late' ? 'the collector did not answer in time' : undefined);
      if (failure) options.warn(`traces not sent to ${endpoint(env)}: ${failure}`);
    },
  };
}

/** The service and where it runs. `process.command_args` is left out: a command line may hold a secret (`--input TOKEN=…`). `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` win. */
function runResource() {
  const owner = (() => {
    try {
      return userInfo().username;
    } catch {
      return undefined;
    }
  })();
  return defaultResource()
    .merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: 'runbook',
        'host.name': hostname(),
        'process.pid': process.pid,
        'process.runtime.name': 'nodejs',
        'process.runtime.version': process.versions.node,
        ...(owner ? { 'process.owner': owner } : {}),
      }),
    )
    .merge(detectResources({ detectors: [envDetector] }));
}

function endpoint(env: Record<string, string | undefined>): string {
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || `${(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').replace(/\/$/, '')}/v1/traces`;
}
