import { describe, expect, it } from 'vitest';
import { describeBranch, resultLines, wrapResultLines } from '../../engine/tui/result-lines.js';
import { initialTuiState } from '../../engine/tui/run-reducer.js';
import { graph, stepFinished } from './tui-fixtures.js';

const state = initialTuiState(graph(), 'live');

describe('describeBranch', () => {
  it('names where the run goes the way the operator reads it', () => {
    expect(describeBranch('stdout matched /CrashLoopBackOff/ → crashloop', 'crashloop', state)).toBe('stdout matched /CrashLoopBackOff/ → Crash loop');
    expect(describeBranch('exit was 0 → #health', 'health', state)).toBe('exit was 0 → Check the health endpoint');
    expect(describeBranch('exit was 0 → end:resolved', null, state)).toBe('exit was 0 → end (resolved)');
    expect(describeBranch('no branch matched → else restart', 'restart', state)).toBe('no branch matched → Restart the agent');
    expect(describeBranch('no branch matched', 'health', state)).toBe('no branch matched → Check the health endpoint');
  });

  it('keeps the operator’s own choice beside the rule’s', () => {
    expect(describeBranch('stdout matched /CrashLoopBackOff/ → crashloop; operator chose health', 'health', state)).toBe(
      'stdout matched /CrashLoopBackOff/ → Crash loop; operator chose Check the health endpoint',
    );
  });
});

describe('resultLines', () => {
  it('lists the branch, the checks with what came, captures and the message; wraps without cutting', () => {
    const finished = stepFinished('pods', 'crashloop', {
      status: 'failed',
      branch: { target: 'crashloop', reason: 'stdout matched /CrashLoopBackOff/ → crashloop' },
      checks: [{ name: 'expected output', passed: false, expected: 'the transcript', actual: '-a\n+b' }],
      captures: { POD: 'agent-7d9f8c-xyz' },
      message: 'exit 1',
    });
    const lines = resultLines(finished as Extract<typeof finished, { type: 'step-finished' }>, state);
    expect(lines.map((line) => `${line.icon} ${line.text}`)).toEqual([
      '→ stdout matched /CrashLoopBackOff/ → Crash loop',
      '✘ expected output: the transcript — came: -a …(+1 lines)',
      '= POD = agent-7d9f8c-xyz',
      '! exit 1',
    ]);
    expect(wrapResultLines(lines.slice(0, 1), 30).map((line) => `${line.icon}|${line.text}`)).toEqual([
      '→|stdout matched',
      '|/CrashLoopBackOff/ → Crash',
      '|loop',
    ]);
  });
});
