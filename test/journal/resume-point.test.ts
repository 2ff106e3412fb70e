import { describe, expect, it } from 'vitest';
import { resumePoint } from '../../engine/journal/resume-point.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { makeEvents } from './make-events.js';

describe('resumePoint', () => {
  it('continues at the step that was running, with the state and variables so far', () => {
    const point = resumePoint(makeEvents({ interruptAt: 'restart' }));
    expect(point).toEqual({
      runId: '20261122T081500Z-ab12cd',
      runbook: 'runbooks/agent.md',
      sha256: 'a'.repeat(64),
      mode: 'live',
      inputs: { NAMESPACE: 'prod' },
      start: {
        stepId: 'restart',
        state: { env: { NAMESPACE: 'prod', WORKDIR: '/tmp' }, cwd: '/tmp' },
        vars: { NAMESPACE: 'prod', POD: 'agent-7d9f' },
        visits: { pods: 1, check: 1 },
        path: ['pods', 'check'],
      },
      interruptedStep: 'restart',
      lastFinishedStep: 'check',
      finished: false,
      endedAfterLastStep: false,
      maskedCaptures: [],
    });
  });

  it('continues at the next step when the run stopped between steps', () => {
    const events = makeEvents({ interruptAt: 'check' }).slice(0, -1);
    const point = resumePoint(events);
    expect(point.start.stepId).toBe('check');
    expect(point.interruptedStep).toBeUndefined();
    expect(point.start.visits).toEqual({ pods: 1 });
  });

  it('does not run again a step the operator left at its branch question: on at its branch, or where the operator sent it', () => {
    const finishedPods = makeEvents({ interruptAt: 'check' }).slice(0, -1);
    const left = (at: string): RunEvent => ({ type: 'run-finished', time: at, outcome: 'aborted', message: 'The operator left the run' });
    const atBranch = resumePoint([...finishedPods, left('2026-11-22T08:16:00.000Z')]);
    expect([atBranch.start.stepId, atBranch.interruptedStep, atBranch.lastFinishedStep]).toEqual(['check', undefined, 'pods']);
    const sent = resumePoint([
      ...finishedPods,
      { type: 'choice', time: '2026-11-22T08:15:59.000Z', stepId: 'pods', choice: 'restart', target: 'restart', by: 'operator' },
      left('2026-11-22T08:16:00.000Z'),
    ]);
    expect([sent.start.stepId, sent.interruptedStep, sent.lastFinishedStep]).toEqual(['restart', undefined, 'pods']);
    // An `ask` step's own choice (made while it is open) does not move the step before it.
    expect(resumePoint(makeEvents({ interruptAt: 'restart' })).start.stepId).toBe('restart');
  });

  it('starts from the beginning when no step had started, and fails without run-started', () => {
    const point = resumePoint(makeEvents().slice(0, 2));
    expect(point.start).toEqual({ vars: { NAMESPACE: 'prod' }, visits: {}, path: [] });
    expect(() => resumePoint([])).toThrow(/no run-started event/);
  });

  it('knows a finished run, and a run stopped after its last step', () => {
    expect(resumePoint(makeEvents())).toMatchObject({ finished: true, outcome: 'failed' });
    expect(resumePoint(makeEvents({ finish: false }))).toMatchObject({ finished: false, endedAfterLastStep: true, lastFinishedStep: 'restart' });
  });

  it('leaves masked secrets out and names them', () => {
    const events = makeEvents({ interruptAt: 'restart' });
    const pods = events.find((event) => event.type === 'step-finished') as Extract<RunEvent, { type: 'step-finished' }>;
    pods.captures.API_TOKEN = '••••••';
    pods.state!.env.API_TOKEN = '••••••';
    const point = resumePoint(events);
    expect(point.maskedCaptures).toEqual(['API_TOKEN']);
    expect(point.start.vars).not.toHaveProperty('API_TOKEN');
    expect(point.start.state!.env).not.toHaveProperty('API_TOKEN');
  });

  it('counts visits and keeps the path across a resumed run and loops', () => {
    const first = makeEvents({ interruptAt: 'restart' });
    const time = '2026-11-22T09:00:00.000Z';
    const finished = (stepId: string, next: string | null): RunEvent => ({
      type: 'step-finished', time, stepId, status: 'passed', exitCode: 0, signal: null, timedOut: false, durationMs: 1, checks: [], captures: {}, next,
    });
    const events: RunEvent[] = [
      ...first,
      { ...(first[0] as Extract<RunEvent, { type: 'run-started' }>), time, runId: 'second', resumedFrom: first[0]!.type === 'run-started' ? first[0]!.runId : '', inputs: { NAMESPACE: 'staging' } },
      { type: 'step-started', time, stepId: 'restart', title: 'Restart', attempt: 1, visit: 1 },
      finished('restart', 'pods'),
      { type: 'step-started', time, stepId: 'pods', title: 'Pods', attempt: 1, visit: 2 },
      { type: 'step-started', time, stepId: 'pods', title: 'Pods', attempt: 2, visit: 2 },
      finished('pods', 'check'),
      { type: 'step-started', time, stepId: 'check', title: 'Check', attempt: 1, visit: 2 },
    ];
    const point = resumePoint(events);
    expect(point.runId).toBe('second');
    expect(point.inputs).toEqual({ NAMESPACE: 'staging' });
    expect(point.start).toMatchObject({ stepId: 'check', visits: { pods: 2, check: 1, restart: 1 }, path: ['pods', 'check', 'restart', 'pods'] });
  });
});
