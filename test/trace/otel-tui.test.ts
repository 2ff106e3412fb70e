// The TUI's run is traced the same way, end to end in a real terminal (tmux): its step runs in a
// terminal of its own (the TUI wraps the executor) and still gets its span as TRACEPARENT; an
// operator's note before the step runs is an event of the run's span naming the step, masked.
// (The CLI is built by the global setup.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/run-cli.js';
import { startTmux, tmuxAvailable, type TmuxSession } from '../tui/tmux-session.js';
import { startOtlpReceiver } from './otlp-receiver.js';

const SECRET = 'sw0rdfish-77Qp';
let scratch = '';
let session: TmuxSession | undefined;

afterEach(() => {
  session?.kill();
  session = undefined;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!tmuxAvailable())('traces of a TUI run (tmux)', () => {
  it('the step in its terminal sees its span as TRACEPARENT; a note before it is a masked event of the run naming it', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'runbook-otel-tui-'));
    writeFileSync(join(scratch, 't.md'), '# TUI traced\n\n## Write it down\n<!-- runbook\nid: write\n-->\n```bash\necho "$TRACEPARENT" > tp.txt\n```\n');
    const receiver = await startOtlpReceiver();
    try {
      const command = [join(repoRoot, 'bin/runbook.js'), 'run', 't.md', '--input', `API_TOKEN=${SECRET}`, '--input-any', '--journal', join(scratch, 'journal')];
      session = startTmux(`otel-${Math.random().toString(36).slice(2, 8)}`, command, {
        cwd: scratch,
        columns: 100,
        rows: 30,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: scratch,
          TERM: 'xterm-256color',
          NO_COLOR: '1',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // A loaded machine may be slow to answer; an unreachable collector has its own test.
        OTEL_EXPORTER_OTLP_TIMEOUT: '10000',
        },
      });
      await session.waitFor('Enter run', 20_000);
      session.keys('n');
      await session.waitFor(/note/i);
      session.type(`token ${SECRET} looked odd`);
      session.keys('Enter');
      await session.waitFor('Enter run');
      session.keys('Enter');
      await session.waitFor('Run completed', 20_000);
      session.keys('q');
      await session.waitFor('[exit 0]', 20_000);
      for (const request of receiver.requests) expect(request.body.includes(SECRET)).toBe(false);
      const spans = receiver.requests.flatMap((request) =>
        JSON.parse(request.body.toString('utf8')).resourceSpans.flatMap((r: { scopeSpans: Array<{ spans: unknown[] }> }) => r.scopeSpans.flatMap((s) => s.spans)),
      ) as Array<{ name: string; traceId: string; spanId: string; parentSpanId?: string; events?: Array<{ name: string; attributes: Array<{ key: string; value: { stringValue?: string } }> }> }>;
      const run = spans.find((span) => span.name === 'runbook.run')!;
      const step = spans.find((span) => span.name === 'runbook.step')!;
      expect(step.parentSpanId).toBe(run.spanId);
      expect(readFileSync(join(scratch, 'tp.txt'), 'utf8').trim()).toBe(`00-${step.traceId}-${step.spanId}-01`);
      // Written before the step ran: an event of the run's span, naming the step.
      expect(step.events ?? []).toEqual([]);
      const notes = (run.events ?? []).filter((event) => event.name === 'runbook.note');
      const text = (event: (typeof notes)[number], key: string) => event.attributes.find((a) => a.key === key)?.value.stringValue;
      expect(notes.map((event) => [text(event, 'runbook.note'), text(event, 'runbook.step.id')])).toEqual([['token •••••• looked odd', 'write']]);
    } finally {
      await receiver.close();
    }
  });
});
