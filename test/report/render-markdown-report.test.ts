import { describe, expect, it } from 'vitest';
import { renderMarkdownReport } from '../../engine/report/render-markdown-report.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { makeEvents } from '../journal/make-events.js';

describe('renderMarkdownReport', () => {
  it('writes the incident timeline: facts, commands, output, checks, captures, branch, choices, notes, hints, outcome', () => {
    const text = renderMarkdownReport(makeEvents());
    expect(text.split('\n## Timeline\n')[0]).toBe(
      [
        '# Incident: Agent not responding',
        '',
        '| | |',
        '| --- | --- |',
        '| Outcome | **failed** — step restart failed |',
        '| Runbook | `runbooks/agent.md` (sha256 `aaaaaaaaaaaa`) |',
        '| Mode | live |',
        '| Run | `20261122T081500Z-ab12cd` |',
        '| Operator | ana@ops1 |',
        '| Started | 2026-11-22 08:15:01 UTC |',
        '| Finished | 2026-11-22 08:15:15 UTC (14.0 s after the start) |',
        "| Time | 5.0 s in steps · 14.0 s running (steps and the operator's decisions) |",
        '| Inputs | `NAMESPACE=prod` |',
        '| Secret inputs | `TOKEN` (values never recorded) |',
        '',
        'Path: `pods` → `check` → `restart`',
        '',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        '### 08:15:03 Check the pods (`pods`) — ✔ passed',
        '',
        'Command:',
        '',
        '```bash',
        'kubectl get pods -n "$NAMESPACE"',
        '```',
        '',
        'Output:',
        '',
        '```text',
        'NAME READY STATUS',
        'agent-7d9f 0/1 CrashLoopBackOff',
        '```',
        '',
        '- Result: exit 0, 1.2 s',
        '- ✔ branch 1: `stdout matches /CrashLoopBackOff/`',
        '- Captured: `POD=agent-7d9f`',
        '- Branch → `check` because stdout matched /CrashLoopBackOff/',
        '- Next: `check`',
      ].join('\n'),
    );
    expect(text).toContain('- **08:15:08** Operator chose: **Yes** → `restart` (at `check`)\n- **08:15:09** Note (at `check`): config pushed at 08:00');
    expect(text).toContain('### 08:15:11 Restart the agent (`restart`) — ✘ failed');
    expect(text).toContain('- ✘ expect: `exit 0`, got:\n\n  ```text\n  exit 1\n  ```');
    expect(text).toContain('- **08:15:14** 💡 Hint shown: Read the logs of the previous container.');
    expect(text.endsWith('- **08:15:15** Run finished: **failed** — step restart failed\n')).toBe(true);
  });

  it('shows an interrupted run and its resumption as one incident', () => {
    const first = makeEvents({ interruptAt: 'restart' });
    const resumed: RunEvent[] = [
      { ...(first[0] as Extract<RunEvent, { type: 'run-started' }>), runId: '20261122T090000Z-bbbbbb', resumedFrom: '20261122T081500Z-ab12cd', time: '2026-11-22T09:00:00.000Z' },
      { type: 'run-finished', time: '2026-11-22T09:00:05.000Z', outcome: 'resolved' },
    ];
    const text = renderMarkdownReport([...first, ...resumed]);
    expect(text).toContain('| Run | `20261122T081500Z-ab12cd` → `20261122T090000Z-bbbbbb` (resumed) |');
    expect(text).toContain('### 08:15:11 Restart the agent (`restart`) — ⚠ interrupted');
    expect(text).toContain('- The run stopped while this step was running.');
    expect(text).toContain('- ⚠ Run interrupted during `restart` — resumed below');
    expect(text).toContain('- **09:00:00** Resumed after 44 min 48 s stopped (run `20261122T090000Z-bbbbbb`, continuing `20261122T081500Z-ab12cd`) by ana@ops1');
    // The 44 minutes the run was stopped are not step time.
    expect(text).toContain("| Time | 5.2 s in steps · 16.0 s running (steps and the operator's decisions) · 44 min 48 s stopped (one stop, from the stop to the resume; not step time) |");
    expect(text).toContain('| Outcome | **resolved** |');
    expect(renderMarkdownReport(first)).toContain('| Finished | not finished (interrupted) |');
  });

  it('trims long output with a note, survives backticks, and masks token shapes', () => {
    const events = makeEvents();
    const output = Array.from({ length: 100 }, (_, i) => `row ${i}`).join('\n') + '\n';
    const token = 'ghp_' + 'Z9y8'.repeat(9);
    events.splice(4, 1, { type: 'output', time: '2026-11-22T08:15:04.000Z', stepId: 'pods', stream: 'stdout', text: output + '```\n' + token + '\n' });
    const text = renderMarkdownReport(events, { outputLines: 3 });
    expect(text).toContain('Output (6 of 103 lines shown; the full output is in the journal):\n\n````text\nNAME READY STATUS\nrow 0\nrow 1\n… 97 lines omitted …\nrow 99\n```\n••••••\n````');
    expect(text).not.toContain(token);
  });
});
