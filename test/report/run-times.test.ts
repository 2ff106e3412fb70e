// `report` separates the time a run was stopped (from its stop to its resume) from step time.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { renderJsonReport } from '../../engine/report/render-json-report.js';
import { renderMarkdownReport } from '../../engine/report/render-markdown-report.js';
import { runTimes } from '../../engine/report/run-times.js';

const started = (runId: string, time: string, resumedFrom?: string): RunEvent => ({
  type: 'run-started', time, runId, runbook: 'r.md', sha256: 'abc', title: 'Web is down', mode: 'live', inputs: {}, ...(resumedFrom ? { resumedFrom } : {}),
});
const stepStarted = (stepId: string, time: string): RunEvent => ({ type: 'step-started', time, stepId, title: stepId, command: `echo ${stepId}`, attempt: 1, visit: 1 });
const stepFinished = (stepId: string, time: string, durationMs: number, next: string | null): RunEvent => ({
  type: 'step-finished', time, stepId, status: 'passed', exitCode: 0, signal: null, timedOut: false, durationMs, checks: [], captures: {}, next,
});

/**
 * Run A: `check` takes 2 s; `drain` starts at 10:00:04 and prints until 10:00:09, when the
 * machine is switched off (no end in the journal). Run B resumes it two hours later: `drain`
 * again (3 s), the run ends at 12:00:05.
 */
function journalWithAGap(): RunEvent[] {
  return [
    started('run-a', '2026-12-04T10:00:00.000Z'),
    stepStarted('check', '2026-12-04T10:00:01.000Z'),
    stepFinished('check', '2026-12-04T10:00:03.000Z', 2000, 'drain'),
    stepStarted('drain', '2026-12-04T10:00:04.000Z'),
    { type: 'output', time: '2026-12-04T10:00:09.000Z', stepId: 'drain', stream: 'stdout', text: 'draining node-a\n' },
    started('run-b', '2026-12-04T12:00:00.000Z', 'run-a'),
    stepStarted('drain', '2026-12-04T12:00:01.000Z'),
    stepFinished('drain', '2026-12-04T12:00:04.000Z', 3000, null),
    { type: 'run-finished', time: '2026-12-04T12:00:05.000Z', outcome: 'completed' },
  ];
}

describe('time stopped apart from step time', () => {
  it('counts the steps (a step cut short until the last event before the stop), the stop, and the rest', () => {
    expect(runTimes(journalWithAGap())).toEqual({
      totalMs: 2 * 3600_000 + 5000,
      // check 2 s + drain cut short 5 s (10:00:04 → 10:00:09) + drain again 3 s
      stepsMs: 10_000,
      stoppedMs: 2 * 3600_000 - 9000,
      runningMs: 14_000,
      stops: [{ runId: 'run-a', resumedBy: 'run-b', stoppedAt: '2026-12-04T10:00:09.000Z', resumedAt: '2026-12-04T12:00:00.000Z', ms: 2 * 3600_000 - 9000 }],
    });
  });

  it('the Markdown report shows step time, running time and stopped time apart; the resume says how long the run was stopped', () => {
    const markdown = renderMarkdownReport(journalWithAGap());
    expect(markdown).toContain('| Time | 10.0 s in steps · 14.0 s running (steps and the operator\'s decisions) · 1 h 59 min stopped (one stop, from the stop to the resume; not step time) |');
    expect(markdown).toContain('Resumed after 1 h 59 min stopped (run `run-b`, continuing `run-a`)');
  });

  it('the JSON report has the same figures under `time`', () => {
    const report = JSON.parse(renderJsonReport(journalWithAGap()));
    expect(report.time).toMatchObject({ stepsMs: 10_000, stoppedMs: 7_191_000, runningMs: 14_000, totalMs: 7_205_000 });
    expect(report.time.stops).toHaveLength(1);
  });

  it('a run never stopped: no stopped time, and the Markdown says nothing of stops', () => {
    const events = journalWithAGap().slice(0, 3).concat({ type: 'run-finished', time: '2026-12-04T10:00:04.000Z', outcome: 'completed' });
    expect(runTimes(events)).toMatchObject({ totalMs: 4000, stepsMs: 2000, stoppedMs: 0, runningMs: 4000, stops: [] });
    expect(renderMarkdownReport(events)).toContain('| Time | 2.0 s in steps · 4.0 s running (steps and the operator\'s decisions) |');
  });
});
