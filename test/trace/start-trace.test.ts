import { describe, expect, it } from 'vitest';
import { startTrace, tracingWanted } from '../../engine/trace/start-trace.js';
import type { StepGraph } from '../../engine/contracts/step-graph.js';

describe('tracingWanted', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'false' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'otlp' }, true],
  ])('%j: %s', (env, wanted) => {
    expect(tracingWanted(env)).toBe(wanted);
  });
});

describe('startTrace', () => {
  const graph = { file: 'x.md', title: 'X', steps: [], settings: {} } as unknown as StepGraph;
  const masker = { mask: (text: string) => text };

  it('is undefined without an endpoint', async () => {
    expect(await startTrace({ graph, masker, env: {} })).toBeUndefined();
  });

  it('says once why there is no trace for a protocol it cannot send (grpc), and the run goes on untraced', async () => {
    const warnings: string[] = [];
    const trace = await startTrace({ graph, masker, env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, warn: (message) => warnings.push(message) });
    expect(trace).toBeUndefined();
    expect(warnings).toEqual(['traces are off: OTLP protocol `grpc` is not supported, expected `http/protobuf` or `http/json` (the collector\'s HTTP port, usually 4318)']);
  });
});
