import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { resumePoint } from '../../engine/journal/resume-point.js';
import { makeEvents } from './make-events.js';

const time = '2026-11-22T08:20:00.000Z';

describe('resumePoint of an aborted run (Ctrl-C, q)', () => {
  it('continues at the step the interruption stopped', () => {
    const events: RunEvent[] = [
      ...makeEvents({ interruptAt: 'check' }),
      { type: 'step-finished', time, stepId: 'check', status: 'failed', exitCode: null, signal: 'SIGTERM', timedOut: false, durationMs: 10, checks: [], captures: {}, next: null, message: 'interrupted' },
      { type: 'run-finished', time, outcome: 'aborted' },
    ];
    const point = resumePoint(events);
    expect(point.finished).toBe(false);
    expect(point.start.stepId).toBe('check');
    expect(point.interruptedStep).toBe('check');
    expect(point.start.state?.cwd).toBe('/tmp');
  });

  it('continues after the last step when the operator quit between steps', () => {
    const events: RunEvent[] = [...makeEvents({ interruptAt: 'check' }).slice(0, -1), { type: 'run-finished', time, outcome: 'aborted', message: 'quit by operator' }];
    const point = resumePoint(events);
    expect(point.finished).toBe(false);
    expect(point.start.stepId).toBe('check');
  });

  it('still refuses a run that failed', () => {
    const events: RunEvent[] = [...makeEvents({ interruptAt: 'check' }), { type: 'run-finished', time, outcome: 'failed' }];
    expect(resumePoint(events).finished).toBe(true);
  });
});
