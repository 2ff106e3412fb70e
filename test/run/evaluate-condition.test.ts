import { describe, expect, it } from 'vitest';
import type { Condition } from '../../engine/contracts/step-graph.js';
import { describeCondition } from '../../engine/run/describe-condition.js';
import { evaluateCondition, type ConditionContext } from '../../engine/run/evaluate-condition.js';

const context = (partial: Partial<ConditionContext> = {}): ConditionContext => ({
  exitCode: 0,
  stdout: '',
  stderr: '',
  output: '',
  vars: {},
  ...partial,
});
const json = (path: string, test: Extract<Condition, { kind: 'json' }>['test']): Condition => ({ kind: 'json', path, test });
const health = JSON.stringify({ status: 'ok', checks: { mqtt: { status: 'down', latency: 12 } }, items: [{ s: 'Running' }, { s: 'Running' }], count: '3' });

describe('evaluateCondition', () => {
  it('exit codes: one, a list, nonzero; killed has none', () => {
    expect(evaluateCondition({ kind: 'exit', codes: [0] }, context()).passed).toBe(true);
    expect(evaluateCondition({ kind: 'exit', codes: [1, 22] }, context({ exitCode: 22 }))).toEqual({ passed: true, actual: 'exit 22' });
    expect(evaluateCondition({ kind: 'exit', codes: 'nonzero' }, context({ exitCode: 0 })).passed).toBe(false);
    expect(evaluateCondition({ kind: 'exit', codes: 'nonzero' }, context({ exitCode: null }))).toEqual({ passed: false, actual: 'no exit code (killed)' });
  });

  it('text: substring and regex with flags on each stream', () => {
    const ctx = context({ stdout: 'Pod RUNNING', stderr: 'warn: x', output: 'Pod RUNNING\nwarn: x' });
    expect(evaluateCondition({ kind: 'text', stream: 'stdout', match: { kind: 'regex', source: 'running', flags: 'i' } }, ctx).passed).toBe(true);
    expect(evaluateCondition({ kind: 'text', stream: 'stdout', match: { kind: 'regex', source: 'running', flags: 'g' } }, ctx).passed).toBe(false);
    expect(evaluateCondition({ kind: 'text', stream: 'stderr', match: { kind: 'substring', text: 'warn' } }, ctx).passed).toBe(true);
    expect(evaluateCondition({ kind: 'text', stream: 'output', match: { kind: 'regex', source: '^warn', flags: 'm' } }, ctx).passed).toBe(true);
    expect(evaluateCondition({ kind: 'text', stream: 'stderr', match: { kind: 'substring', text: 'Pod' } }, ctx)).toEqual({ passed: false, actual: 'stderr was "warn: x"' });
  });

  it('json: literals, comparisons, in, regex; every selected value must pass', () => {
    const ctx = context({ stdout: health });
    expect(evaluateCondition(json('$.status', { op: 'equals', value: 'ok' }), ctx).passed).toBe(true);
    expect(evaluateCondition(json('$.checks.mqtt.status', { op: 'equals', value: 'up' }), ctx)).toEqual({ passed: false, actual: '$.checks.mqtt.status was "down"' });
    expect(evaluateCondition(json('$.checks.mqtt.latency', { op: 'lt', value: 20 }), ctx).passed).toBe(true);
    expect(evaluateCondition(json('$.checks.mqtt.latency', { op: 'gte', value: 20 }), ctx).passed).toBe(false);
    expect(evaluateCondition(json('$.count', { op: 'gt', value: 2 }), ctx).passed).toBe(true);
    expect(evaluateCondition(json('$.count', { op: 'equals', value: 3 }), ctx).passed).toBe(true);
    expect(evaluateCondition(json('$.status', { op: 'ne', value: 'down' }), ctx).passed).toBe(true);
    expect(evaluateCondition(json('$.status', { op: 'in', value: ['ok', 'degraded'] }), ctx).passed).toBe(true);
    expect(evaluateCondition(json('$.status', { op: 'regex', source: '^o', flags: '' }), ctx).passed).toBe(true);
    expect(evaluateCondition(json('$.items[*].s', { op: 'equals', value: 'Running' }), ctx)).toEqual({ passed: true, actual: '$.items[*].s was ["Running","Running"]' });
    expect(evaluateCondition(json('$.nothing', { op: 'equals', value: 1 }), ctx)).toEqual({ passed: false, actual: 'nothing at $.nothing' });
    expect(evaluateCondition(json('$.a', { op: 'equals', value: 1 }), context({ stdout: 'not json' }))).toEqual({ passed: false, actual: 'stdout is not JSON: "not json"' });
  });

  it('var, all, any, not', () => {
    const ctx = context({ vars: { POD: 'agent-1' }, exitCode: 1 });
    const isAgent: Condition = { kind: 'var', name: 'POD', match: { kind: 'regex', source: '^agent-', flags: '' } };
    const exit0: Condition = { kind: 'exit', codes: [0] };
    expect(evaluateCondition(isAgent, ctx).passed).toBe(true);
    expect(evaluateCondition({ kind: 'var', name: 'MISSING', match: { kind: 'substring', text: '' } }, ctx)).toEqual({ passed: false, actual: '$MISSING is not set' });
    expect(evaluateCondition({ kind: 'all', of: [isAgent, exit0] }, ctx)).toEqual({ passed: false, actual: 'exit 1' });
    expect(evaluateCondition({ kind: 'any', of: [isAgent, exit0] }, ctx).passed).toBe(true);
    expect(evaluateCondition({ kind: 'not', of: exit0 }, ctx).passed).toBe(true);
  });
});

describe('describeCondition', () => {
  it('reads as a sentence, in the present or the past', () => {
    const condition: Condition = {
      kind: 'any',
      of: [
        { kind: 'text', stream: 'stdout', match: { kind: 'regex', source: 'CrashLoopBackOff', flags: '' } },
        { kind: 'not', of: { kind: 'exit', codes: [0] } },
        json('$.a', { op: 'lte', value: 3 }),
      ],
    };
    expect(describeCondition(condition)).toBe('stdout matches /CrashLoopBackOff/ or not (exit is 0) or $.a is ≤ 3');
    expect(describeCondition(condition, 'past')).toBe('stdout matched /CrashLoopBackOff/ or not (exit was 0) or $.a was ≤ 3');
  });
});
