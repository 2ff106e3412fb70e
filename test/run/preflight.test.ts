import { describe, expect, it } from 'vitest';
import type { Step } from '../../engine/contracts/step-graph.js';
import { preflight } from '../../engine/run/preflight.js';
import { makeGraph, makeStep } from './helpers.js';

function graph() {
  const ask: Step = makeStep({
    id: 'broker-up',
    kind: 'ask',
    ask: {
      question: 'Is the broker running?',
      choices: [
        { label: 'Yes', target: { kind: 'next' }, raw: 'next' },
        { label: 'No', target: { kind: 'end', outcome: 'escalated' }, raw: 'end:escalated' },
      ],
    },
  });
  return makeGraph(
    [
      makeStep({ id: 'pods', command: 'kubectl get pods -n "$NAMESPACE"; export CTX=x', uses: ['NAMESPACE'], sets: ['CTX'] }),
      makeStep({ id: 'use', command: 'echo "$CTX $POD $REGION $TOKEN"', uses: ['CTX', 'POD', 'REGION', 'TOKEN'], capture: [] }),
      ask,
      makeStep({ id: 'drop', command: 'kubectl delete pod x', confirm: 'delete the pod' }),
      makeStep({ id: 'grab', command: 'echo agent-1', capture: [{ name: 'POD', from: 'stdout', regex: '(.*)' }] }),
    ],
    { inputs: { REGION: { name: 'REGION', default: 'eu', secret: false } } },
  );
}

describe('preflight', () => {
  it('names every flag an unattended run is missing, at the step that needs it', () => {
    const g = graph();
    const problems = preflight(g, { inputs: {}, answers: {}, env: {}, mode: 'live' });
    expect(problems.map((problem) => [problem.ruleId, problem.message, problem.place?.start.line])).toEqual([
      ['missing-input', 'Missing input `NAMESPACE`, used by step `pods`: pass --input NAMESPACE=…', g.steps[0]!.position.start.line],
      ['missing-input', 'Missing input `TOKEN`, used by step `use`: pass --input TOKEN=…', g.steps[1]!.position.start.line],
      ['missing-answer', 'Step `broker-up` asks “Is the broker running?”: pass --answer broker-up=CHOICE (one of `Yes`, `No`)', g.steps[2]!.position.start.line],
      ['missing-confirmation', "Step `drop` is dangerous and needs confirming: pass --answer drop='delete the pod'", g.steps[3]!.position.start.line],
    ]);
  });

  it('accepts inputs from flags or the environment, answers in any case, and rehearsals without confirmation', () => {
    const problems = preflight(graph(), {
      inputs: { NAMESPACE: 'prod' },
      answers: { 'broker-up': 'no' },
      env: { TOKEN: 't' },
      mode: 'rehearsal',
    });
    expect(problems).toEqual([]);
  });

  it('rejects answers for unknown steps, unknown choices and steps that ask nothing', () => {
    const problems = preflight(graph(), {
      inputs: { NAMESPACE: 'p', TOKEN: 't' },
      answers: { 'broker-up': 'maybe', drop: 'yes', pods: 'x', nosuch: 'y' },
      env: {},
      mode: 'live',
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      'Unexpected answer `maybe` for step `broker-up`, expected one of `Yes`, `No`',
      "Answer `yes` does not confirm step `drop`: expected --answer drop='delete the pod'",
      'Unexpected --answer pods=x: step `pods` asks nothing',
      'Unexpected --answer nosuch=y: there is no step `nosuch` (steps that take answers: `broker-up`, `drop`)',
    ]);
  });
});

describe('preflight and the steps a run can reach', () => {
  /** fix → (done: end) ; a question and a dangerous step no path leads to; a loop back to `fix`. */
  function branching() {
    return makeGraph([
      makeStep({ id: 'fix', command: 'echo "$REGION"', uses: ['REGION'], end: 'resolved' }),
      makeStep({
        id: 'orphan-question',
        kind: 'ask',
        command: undefined,
        ask: { question: 'Unreached?', choices: [{ label: 'Yes', target: { kind: 'next' }, raw: 'next' }] },
      }),
      makeStep({ id: 'orphan-drop', command: 'kubectl delete pod x', confirm: 'delete the pod' }),
      makeStep({ id: 'again', command: 'echo again', branch: [], else: { kind: 'step', id: 'fix' } }),
    ]);
  }

  it('asks nothing for steps no path from the first step reaches', () => {
    expect(preflight(branching(), { inputs: { REGION: 'eu' }, answers: {}, env: {}, mode: 'live' })).toEqual([]);
  });

  it('checks the steps reachable from the resume point, earlier ones a branch leads back to included', () => {
    const problems = preflight(branching(), { inputs: {}, answers: {}, env: {}, mode: 'live', startStepId: 'again' });
    expect(problems.map((problem) => problem.message)).toEqual(['Missing input `REGION`, used by step `fix`: pass --input REGION=…']);
    expect(preflight(graph(), { inputs: {}, answers: {}, env: {}, mode: 'rehearsal', startStepId: 'broker-up' }).map((problem) => problem.ruleId)).toEqual([
      'missing-answer',
    ]);
  });

  it('follows the answers given: no confirmation for a dangerous step the answers route away from', () => {
    const given = { inputs: { NAMESPACE: 'p', TOKEN: 't' }, env: {}, mode: 'live' as const };
    expect(preflight(graph(), { ...given, answers: { 'broker-up': 'No' } })).toEqual([]);
    expect(preflight(graph(), { ...given, answers: { 'broker-up': 'yes' } }).map((problem) => problem.ruleId)).toEqual(['missing-confirmation']);
  });
});
