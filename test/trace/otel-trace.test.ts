import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/run-cli.js';
import { closedPort, runCliAsync, startOtlpReceiver } from './otlp-receiver.js';

// The CLI (dist/) sends its run to a real OTLP/HTTP receiver; these read what arrived.
const SECRET = 'hunter2-Zq81xK';
const RUNBOOK = `---
runbook:
  inputs:
    API_TOKEN: { secret: true, description: The API token }
---
# Traced incident

## Look around
<!-- runbook
id: look
capture:
  SEEN: { from: stdout, regex: 'token is (\\S+)' }
-->
\`\`\`bash
echo "token is $API_TOKEN"
echo "traceparent=$TRACEPARENT"
\`\`\`

## Restart
<!-- runbook
id: restart
-->
\`\`\`bash
echo "traceparent=$TRACEPARENT"
curl -s -H "Authorization: Bearer ${SECRET}" http://127.0.0.1:9/ || exit 3
\`\`\`
`;

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  status?: { code?: number; message?: string };
  events?: Array<{ name: string; attributes: Array<{ key: string; value: Record<string, unknown> }> }>;
}

function attr(list: Span['attributes'], key: string): unknown {
  const value = list.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('boolValue' in value) return value.boolValue;
  return value;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'runbook-otel-'));
  writeFileSync(join(scratch, 'traced.md'), RUNBOOK);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('traces (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('sends the run as one trace: a run span, a span per step, the failure an error, the secret masked, TRACEPARENT the step span', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const parent = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
      const result = await runCliAsync(['run', 'traced.md', '--yes', '--input', `API_TOKEN=${SECRET}`, '--journal', join(scratch, 'journal')], {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // runbook itself inside a trace (a CI job): the run joins it.
        TRACEPARENT: `00-${parent.traceId}-${parent.spanId}-01`,
      }, scratch);
      expect(result.stderr).not.toContain('traces not sent');
      expect(result.status).toBe(1);
      expect(receiver.requests.length).toBeGreaterThan(0);
      for (const request of receiver.requests) {
        expect(request.path).toBe('/v1/traces');
        expect(request.contentType).toContain('application/json');
        expect(request.body.toString('utf8')).not.toContain(SECRET);
      }
      const payloads = receiver.requests.map((request) => JSON.parse(request.body.toString('utf8')));
      const resource = payloads[0].resourceSpans[0].resource.attributes;
      expect(attr(resource, 'service.name')).toBe('runbook');
      expect(attr(resource, 'host.name')).toBeTypeOf('string');
      expect(attr(resource, 'process.command_args')).toBeUndefined();
      const spans: Span[] = payloads.flatMap((p) => p.resourceSpans.flatMap((r: { scopeSpans: Array<{ spans: Span[] }> }) => r.scopeSpans.flatMap((s) => s.spans)));
      const run = spans.find((span) => span.name === 'runbook.run')!;
      const steps = spans.filter((span) => span.name === 'runbook.step');
      expect(spans).toHaveLength(3);
      expect(run.traceId).toBe(parent.traceId);
      expect(run.parentSpanId).toBe(parent.spanId);
      expect(attr(run.attributes, 'runbook.title')).toBe('Traced incident');
      expect(attr(run.attributes, 'runbook.path')).toBe(join(scratch, 'traced.md'));
      expect(attr(run.attributes, 'runbook.mode')).toBe('live');
      expect(attr(run.attributes, 'runbook.outcome')).toBe('failed');
      expect(attr(run.attributes, 'runbook.incident')).toBe(attr(run.attributes, 'runbook.run.id'));
      expect(attr(run.attributes, 'user.name')).toBeTypeOf('string');
      expect(run.status?.code).toBe(2);
      const [look, restart] = ['look', 'restart'].map((id) => steps.find((span) => attr(span.attributes, 'runbook.step.id') === id)!);
      for (const step of [look!, restart!]) {
        expect(step.traceId).toBe(parent.traceId);
        expect(step.parentSpanId).toBe(run.spanId);
        expect(attr(step.attributes, 'runbook.step.kind')).toBe('command');
        expect(attr(step.attributes, 'runbook.step.attempt')).toBe(1);
      }
      expect(attr(look!.attributes, 'runbook.step.outcome')).toBe('passed');
      expect(attr(look!.attributes, 'process.exit.code')).toBe(0);
      expect(look!.status?.code ?? 0).toBe(0);
      expect(attr(restart!.attributes, 'runbook.step.outcome')).toBe('failed');
      expect(attr(restart!.attributes, 'process.exit.code')).toBe(3);
      expect(attr(restart!.attributes, 'error.type')).toBe('3');
      expect(restart!.status?.code).toBe(2);
      // The command is there, its secret masked.
      expect(attr(restart!.attributes, 'runbook.step.command')).toContain('Authorization: Bearer ••••••');
      // Each step saw its own span as TRACEPARENT.
      const seen = [...result.stdout.matchAll(/traceparent=(00-[0-9a-f-]+)/g)].map((m) => m[1]);
      expect(seen).toEqual([look, restart].map((span) => `00-${span!.traceId}-${span!.spanId}-01`));
    } finally {
      await receiver.close();
    }
  });

  it('an unreachable collector does not fail the run: one warning on stderr', async () => {
    const port = await closedPort();
    const result = await runCliAsync(['run', 'traced.md', '--yes', '--input', `API_TOKEN=${SECRET}`, '--no-journal'], {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
    }, scratch);
    // The runbook's own outcome (its second step fails), as without tracing.
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('outcome: failed');
    expect(result.stderr.match(/traces not sent/g)).toHaveLength(1);
    expect(result.stderr).toContain(`traces not sent to http://127.0.0.1:${port}/v1/traces`);
  });

  it('without an endpoint, nothing of OpenTelemetry is in the CLI bundle (it is a module of its own, loaded when asked)', () => {
    const bundle = readFileSync(join(repoRoot, 'dist', 'runbook.cjs'), 'utf8');
    expect(bundle).not.toContain('@opentelemetry');
    expect(bundle).toContain('__runbookImport("./otel-run-trace.js")');
    expect(readFileSync(join(repoRoot, 'dist', 'otel-run-trace.js'), 'utf8')).toContain('@opentelemetry');
  });
});

describe('traces over OTLP/HTTP protobuf (the default protocol)', () => {
  it('sends protobuf to /v1/traces, the step spans those its commands saw, no secret', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const result = await runCliAsync(['run', 'traced.md', '--yes', '--input', `API_TOKEN=${SECRET}`, '--no-journal'], { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, scratch);
      expect(result.status).toBe(1);
      expect(result.stderr).not.toContain('traces not sent');
      const body = Buffer.concat(receiver.requests.map((request) => request.body));
      for (const request of receiver.requests) {
        expect(request.path).toBe('/v1/traces');
        expect(request.contentType).toBe('application/x-protobuf');
      }
      expect(body.includes('runbook.run')).toBe(true);
      expect(body.includes(SECRET)).toBe(false);
      const seen = [...result.stdout.matchAll(/traceparent=00-([0-9a-f]{32})-([0-9a-f]{16})-01/g)];
      expect(seen).toHaveLength(2);
      // Ids travel as raw bytes in protobuf: each step's span id is in what arrived.
      for (const [, traceId, spanId] of seen) {
        expect(body.includes(Buffer.from(traceId!, 'hex'))).toBe(true);
        expect(body.includes(Buffer.from(spanId!, 'hex'))).toBe(true);
      }
    } finally {
      await receiver.close();
    }
  });
});
