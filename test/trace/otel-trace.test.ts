import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

<!-- runbook
id: which
ask: "Is the agent down?"
choices:
  "Yes": look
  "No": "end:resolved"
-->

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

## Flaky
<!-- runbook
id: flaky
retry: { attempts: 2 }
-->
\`\`\`bash
test -e "flaky.$RUNBOOK_RUN_ID" || { touch "flaky.$RUNBOOK_RUN_ID"; exit 1; }
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
const GATE = `# Gate

## Before
\`\`\`bash
echo before
\`\`\`

## Gate
<!-- runbook
id: gate
-->
\`\`\`bash
if [ ! -e gate.open ]; then echo "waiting at the"" gate"; sleep 600; fi
echo through
\`\`\`
`;
/** The receiver here answers at once, but a loaded machine may be slow to: the unreachable collector has its own test. */
const SLOW_OK = '10000';
const ARGS = ['--yes', '--answer', 'which=Yes', '--input', `API_TOKEN=${SECRET}`];

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

function spansOf(requests: Array<{ body: Buffer }>): Span[] {
  const payloads = requests.map((request) => JSON.parse(request.body.toString('utf8')));
  return payloads.flatMap((p) => p.resourceSpans.flatMap((r: { scopeSpans: Array<{ spans: Span[] }> }) => r.scopeSpans.flatMap((s) => s.spans)));
}

const stepSpans = (spans: Span[], id: string): Span[] => spans.filter((span) => span.name === 'runbook.step' && attr(span.attributes, 'runbook.step.id') === id);

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'runbook-otel-'));
  writeFileSync(join(scratch, 'traced.md'), RUNBOOK);
  writeFileSync(join(scratch, 'gate.md'), GATE);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('traces (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('sends the run as one trace: a run span, a span per step, the failure an error, the secret masked, TRACEPARENT the step span', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const parent = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
      const alert = join(repoRoot, 'test/fixtures/alerts/kube-pod-crash-looping.json');
      const result = await runCliAsync(['run', 'traced.md', ...ARGS, '--alert', alert, '--journal', join(scratch, 'journal')], {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_TIMEOUT: SLOW_OK,
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
      const spans = spansOf(receiver.requests);
      const run = spans.find((span) => span.name === 'runbook.run')!;
      expect(spans.map((span) => span.name).sort()).toEqual(['runbook.run', ...Array(5).fill('runbook.step')]);
      expect(run.traceId).toBe(parent.traceId);
      expect(run.parentSpanId).toBe(parent.spanId);
      expect(attr(run.attributes, 'runbook.title')).toBe('Traced incident');
      expect(attr(run.attributes, 'runbook.path')).toBe(join(scratch, 'traced.md'));
      expect(attr(run.attributes, 'runbook.mode')).toBe('live');
      expect(attr(run.attributes, 'runbook.outcome')).toBe('failed');
      expect(attr(run.attributes, 'runbook.incident')).toBe(attr(run.attributes, 'runbook.run.id'));
      expect(attr(run.attributes, 'user.name')).toBeTypeOf('string');
      expect(attr(run.attributes, 'host.name')).toBeTypeOf('string');
      // The alert the run serves (a real Alertmanager's payload).
      expect(attr(run.attributes, 'runbook.alert.name')).toBe('KubePodCrashLooping');
      expect(attr(run.attributes, 'runbook.alert.fingerprint')).toBe('fff1a6e4a1b5a500');
      expect(run.status?.code).toBe(2);
      const [which] = stepSpans(spans, 'which');
      const [look] = stepSpans(spans, 'look');
      const [restart] = stepSpans(spans, 'restart');
      const flaky = stepSpans(spans, 'flaky').sort((a, b) => Number(attr(a.attributes, 'runbook.step.attempt')) - Number(attr(b.attributes, 'runbook.step.attempt')));
      for (const step of [which!, look!, ...flaky, restart!]) {
        expect(step.traceId).toBe(parent.traceId);
        expect(step.parentSpanId).toBe(run.spanId);
      }
      // The decision is an event of its step's span.
      expect(attr(which!.attributes, 'runbook.step.kind')).toBe('ask');
      const choice = which!.events?.find((event) => event.name === 'runbook.choice');
      expect(choice && [attr(choice.attributes, 'runbook.choice'), attr(choice.attributes, 'runbook.choice.by')]).toEqual(['Yes', 'flag']);
      expect(attr(look!.attributes, 'runbook.step.kind')).toBe('command');
      expect(attr(look!.attributes, 'runbook.step.outcome')).toBe('passed');
      expect(attr(look!.attributes, 'process.exit.code')).toBe(0);
      expect(look!.status?.code ?? 0).toBe(0);
      // One span per attempt: the first failed and was retried.
      expect(flaky.map((span) => attr(span.attributes, 'runbook.step.attempt'))).toEqual([1, 2]);
      expect(flaky.map((span) => attr(span.attributes, 'runbook.step.outcome'))).toEqual(['retried', 'passed']);
      expect(flaky.map((span) => span.status?.code ?? 0)).toEqual([2, 0]);
      expect(attr(restart!.attributes, 'runbook.step.outcome')).toBe('failed');
      expect(attr(restart!.attributes, 'process.exit.code')).toBe(3);
      expect(attr(restart!.attributes, 'error.type')).toBe('3');
      expect(restart!.status?.code).toBe(2);
      // The command is there, its secret masked.
      expect(attr(restart!.attributes, 'runbook.step.command')).toContain('Authorization: Bearer ••••••');
      // Each step saw its own span as TRACEPARENT.
      const seen = [...result.stdout.matchAll(/traceparent=(00-[0-9a-f-]+)/g)].map((m) => m[1]);
      expect(seen).toEqual([look!, flaky[1]!, restart!].map((span) => `00-${span.traceId}-${span.spanId}-01`));
      // Set for each step, never journaled as the shell's state.
      const journal = readdirSync(join(scratch, 'journal')).filter((name) => name.endsWith('.jsonl'));
      expect(journal).toHaveLength(1);
      expect(readFileSync(join(scratch, 'journal', journal[0]!), 'utf8')).not.toContain('"TRACEPARENT":');
    } finally {
      await receiver.close();
    }
  });

  it('traces a resumed run too: a trace of its own, tied to its incident', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const journal = join(scratch, 'journal-resume');
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TIMEOUT: SLOW_OK };
      // Stopped (Ctrl-C) while its gate step waits: the run can be resumed.
      const first = await runCliAsync(['run', 'gate.md', '--yes', '--journal', journal], env, scratch, { when: 'waiting at the gate', signal: 'SIGINT' });
      expect(first.status).toBe(130);
      const sent = receiver.requests.length;
      writeFileSync(join(scratch, 'gate.open'), '');
      const resumed = await runCliAsync(['resume', '--yes', '--journal', journal], env, scratch);
      expect(resumed.stderr).toContain('resuming run');
      expect(resumed.status).toBe(0);
      const [firstRun] = spansOf(receiver.requests.slice(0, sent)).filter((span) => span.name === 'runbook.run');
      const spans = spansOf(receiver.requests.slice(sent));
      const run = spans.find((span) => span.name === 'runbook.run')!;
      const firstId = attr(firstRun!.attributes, 'runbook.run.id');
      expect(attr(firstRun!.attributes, 'runbook.interrupted')).toBe(true);
      expect(firstRun!.status?.code).toBe(2);
      expect(run.traceId).not.toBe(firstRun!.traceId);
      expect(attr(run.attributes, 'runbook.run.id')).not.toBe(firstId);
      expect(attr(run.attributes, 'runbook.run.resumed_from')).toBe(firstId);
      expect(attr(run.attributes, 'runbook.incident')).toBe(firstId);
      expect(attr(run.attributes, 'runbook.outcome')).toBe('completed');
      // It goes on at the step that was stopped.
      const steps = spans.filter((span) => span.name === 'runbook.step');
      expect(steps.map((span) => attr(span.attributes, 'runbook.step.id'))).toEqual(['gate']);
      expect(steps[0]!.parentSpanId).toBe(run.spanId);
      expect(attr(steps[0]!.attributes, 'runbook.step.outcome')).toBe('passed');
    } finally {
      await receiver.close();
    }
  });

  it('an unreachable collector does not fail the run: one warning on stderr', async () => {
    const port = await closedPort();
    const result = await runCliAsync(['run', 'traced.md', ...ARGS, '--no-journal'], {
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
      const result = await runCliAsync(['run', 'traced.md', ...ARGS, '--no-journal'], { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: SLOW_OK }, scratch);
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
      expect(seen).toHaveLength(3);
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
