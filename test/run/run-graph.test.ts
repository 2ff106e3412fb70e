import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Condition, Step } from '../../engine/contracts/step-graph.js';
import { createUnattendedOperator } from '../../engine/run/create-unattended-operator.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { runGraph } from '../../engine/run/run-graph.js';
import { createBashExecutor } from '../../engine/shell/bash-executor.js';
import type { Operator, RunControls } from '../../engine/contracts/run-seams.js';
import { finished, makeGraph, makeStep, outcomeOf, outputOf, runAll, scratch, testEnv } from './helpers.js';

const stdoutMatches = (source: string): Condition => ({ kind: 'text', stream: 'stdout', match: { kind: 'regex', source, flags: '' } });
const exitIs = (...codes: number[]): Condition => ({ kind: 'exit', codes });

/** The agent-not-responding runbook, by hand: pod status → crash loop / health check → fixes. */
function agentRunbook(): Step[] {
  return [
    makeStep({
      id: 'pod-status',
      command: 'kubectl get pods -n "$NAMESPACE" -l app=agent',
      uses: ['NAMESPACE'],
      capture: [{ name: 'POD', from: 'stdout', regex: '(agent-[a-z0-9-]+)' }],
      branch: [
        { when: stdoutMatches('CrashLoopBackOff'), target: { kind: 'step', id: 'crashloop' }, raw: 'crashloop' },
        { when: stdoutMatches('Running'), target: { kind: 'step', id: 'health' }, raw: '#if-pod-is-running-but-unhealthy' },
      ],
    }),
    makeStep({
      id: 'crashloop',
      command: 'kubectl logs "$POD" --previous',
      expect: { kind: 'text', stream: 'stdout', match: { kind: 'substring', text: 'invalid config' } },
    }),
    makeStep({ id: 'fix-config', command: 'kubectl rollout restart deployment/agent', end: 'resolved' }),
    makeStep({
      id: 'health',
      command: 'curl -sf localhost:8080/health',
      branch: [{ when: exitIs(0), target: { kind: 'end', outcome: 'resolved' }, raw: 'end:resolved' }],
      else: { kind: 'step', id: 'restart' },
    }),
    makeStep({ id: 'restart', command: 'kubectl rollout restart deployment/agent', end: 'escalated' }),
  ];
}

describe('runGraph: branches on a fake cluster', () => {
  it('CrashLoopBackOff goes to the crash-loop section', async () => {
    const events = await runAll({ graph: makeGraph(agentRunbook()), inputs: { NAMESPACE: 'prod' }, env: testEnv({ FAKE_KUBE_STATE: 'crashloop' }) });
    const steps = finished(events);
    expect(steps.map((step) => step.stepId)).toEqual(['pod-status', 'crashloop', 'fix-config']);
    expect(steps[0]!.branch).toEqual({ target: 'crashloop', reason: 'stdout matched /CrashLoopBackOff/ → crashloop' });
    expect(steps[0]!.captures).toEqual({ POD: 'agent-7d9f8c-xyz' });
    expect(steps[0]!.next).toBe('crashloop');
    expect(steps[1]!.checks).toEqual([
      { name: 'expect', passed: true, expected: 'stdout contains "invalid config"', actual: 'stdout was "error: invalid config key \\"mqtt.brokr\\""' },
    ]);
    expect(steps[2]!.next).toBeNull();
    expect(outcomeOf(events).outcome).toBe('resolved');
    expect(events[0]).toMatchObject({ type: 'run-started', runId: 'run-1', runbook: 'runbooks/test.md', mode: 'live', inputs: { NAMESPACE: 'prod' } });
  });

  it('Running but failing the health check goes to the other section', async () => {
    const events = await runAll({ graph: makeGraph(agentRunbook()), inputs: { NAMESPACE: 'prod' }, env: testEnv({ FAKE_KUBE_STATE: 'unhealthy' }) });
    const steps = finished(events);
    expect(steps.map((step) => step.stepId)).toEqual(['pod-status', 'health', 'restart']);
    expect(steps[0]!.branch?.reason).toBe('stdout matched /Running/ → #if-pod-is-running-but-unhealthy');
    expect(steps[1]).toMatchObject({ status: 'passed', exitCode: 22, branch: { target: 'restart', reason: 'no branch matched → else restart' } });
    expect(outputOf(events, 'health', 'stderr')).toBe('curl: (22) The requested URL returned error: 503\n');
    expect(outcomeOf(events).outcome).toBe('escalated');
  });

  it('a healthy agent resolves at the health check', async () => {
    const events = await runAll({ graph: makeGraph(agentRunbook()), inputs: { NAMESPACE: 'prod' }, env: testEnv({ FAKE_KUBE_STATE: 'healthy' }) });
    expect(finished(events).map((step) => step.stepId)).toEqual(['pod-status', 'health']);
    expect(finished(events)[1]).toMatchObject({ branch: { target: 'end:resolved', reason: 'exit was 0 → end:resolved' }, next: null });
    expect(outcomeOf(events)).toMatchObject({ outcome: 'resolved' });
  });

  it('the world changes as the operator acts (state file)', async () => {
    const dir = scratch();
    const stateFile = path.join(dir, 'kube-state');
    writeFileSync(stateFile, 'unhealthy\n');
    const graph = makeGraph([
      makeStep({ id: 'restart', command: 'kubectl rollout restart deployment/agent' }),
      makeStep({ id: 'health', command: 'curl -sf localhost:8080/health', expect: { kind: 'json', path: '$.checks.mqtt.status', test: { op: 'equals', value: 'up' } } }),
    ]);
    const events = await runAll({ graph, env: testEnv({ FAKE_KUBE_STATE_FILE: stateFile }) });
    expect(finished(events).map((step) => step.status)).toEqual(['passed', 'passed']);
    expect(outcomeOf(events).outcome).toBe('completed');
  });
});

describe('runGraph: statuses and failures', () => {
  it('a failing step without expect stops the run with its exact exit code', async () => {
    const graph = makeGraph([makeStep({ id: 'a', command: 'exit 3' }), makeStep({ id: 'b', command: 'true' })]);
    const events = await runAll({ graph });
    expect(finished(events)).toMatchObject([{ stepId: 'a', status: 'failed', exitCode: 3, message: 'exit 3', next: null }]);
    expect(outcomeOf(events)).toMatchObject({ outcome: 'failed', message: 'Step `a` failed: exit 3' });
  });

  it('expect turns a nonzero exit into a pass and a zero exit into a failure', async () => {
    const graph = makeGraph([
      makeStep({ id: 'a', command: 'exit 22', expect: { kind: 'exit', codes: [1, 22] } }),
      makeStep({ id: 'b', command: 'echo fine', expect: { kind: 'exit', codes: 'nonzero' } }),
    ]);
    const events = await runAll({ graph });
    const [a, b] = finished(events);
    expect(a).toMatchObject({ status: 'passed', checks: [{ name: 'expect', passed: true, expected: 'exit is one of 1, 22', actual: 'exit 22' }] });
    expect(b).toMatchObject({ status: 'failed', message: 'expect failed: expected exit is nonzero, got exit 0' });
  });

  it('on-failure continue goes on; a target goes there', async () => {
    const graph = makeGraph([
      makeStep({ id: 'a', command: 'false', onFailure: { kind: 'continue' } }),
      makeStep({ id: 'b', command: 'false', onFailure: { kind: 'step', id: 'd' } }),
      makeStep({ id: 'c', command: 'echo never' }),
      makeStep({ id: 'd', command: 'echo rescued' }),
    ]);
    const events = await runAll({ graph });
    expect(finished(events).map((step) => [step.stepId, step.status, step.next])).toEqual([
      ['a', 'failed', 'b'],
      ['b', 'failed', 'd'],
      ['d', 'passed', null],
    ]);
    expect(outcomeOf(events).outcome).toBe('completed');
  });

  it('stops a loop beyond max-visits with a clear message', async () => {
    const graph = makeGraph([
      makeStep({ id: 'poll', command: 'true', branch: [{ when: exitIs(0), target: { kind: 'step', id: 'poll' }, raw: 'poll' }], maxVisits: 3 }),
    ]);
    const events = await runAll({ graph });
    expect(finished(events)).toHaveLength(3);
    expect(outcomeOf(events)).toMatchObject({ outcome: 'failed', message: 'Step `poll` was visited 4 times, more than its max-visits 3' });
  });

  it('a timeout fails the step and says so', async () => {
    const graph = makeGraph([makeStep({ id: 'slow', command: 'sleep 5', timeoutMs: 200 })]);
    const events = await runAll({ graph });
    expect(finished(events)[0]).toMatchObject({ status: 'failed', timedOut: true, exitCode: null, message: 'timed out after 200ms' });
    expect(outcomeOf(events).outcome).toBe('failed');
  });
});

describe('runGraph: shell session', () => {
  it('export and cd persist between steps; step-finished carries only what changed', async () => {
    const dir = scratch();
    const graph = makeGraph([
      makeStep({ id: 'a', command: `export CLUSTER=eu-1; mkdir -p sub; cd sub` }),
      makeStep({ id: 'b', command: 'echo "$CLUSTER in $(basename "$PWD")"' }),
    ]);
    const events = await runAll({ graph, cwd: dir });
    const [a] = finished(events);
    expect(a!.state?.env).toEqual({ CLUSTER: 'eu-1' });
    expect(a!.state?.cwd).toMatch(/\/sub$/);
    expect(outputOf(events, 'b')).toBe('eu-1 in sub\n');
  });

  it('retries until the condition holds', async () => {
    const graph = makeGraph([
      makeStep({
        id: 'wait-ready',
        command: 'n=$(( $(cat count 2>/dev/null || echo 0) + 1 )); echo $n > count; echo "ready=$n"',
        retry: { attempts: 5, delayMs: 10, until: stdoutMatches('ready=3') },
      }),
    ]);
    const events = await runAll({ graph });
    const started = events.filter((event) => event.type === 'step-started');
    expect(started.map((event) => (event.type === 'step-started' ? event.attempt : 0))).toEqual([1, 2, 3]);
    expect(events.filter((event) => event.type === 'warning')).toHaveLength(2);
    expect(finished(events)[0]).toMatchObject({ status: 'passed', checks: [{ name: 'retry until', passed: true }] });
  });

  it('fails when retries run out', async () => {
    const graph = makeGraph([makeStep({ id: 'never', command: 'echo no', retry: { attempts: 2, delayMs: 0, until: stdoutMatches('yes') } })]);
    const events = await runAll({ graph });
    expect(finished(events)[0]).toMatchObject({ status: 'failed', message: 'retry until failed: expected stdout matches /yes/, got stdout was "no" (after 2 attempts)' });
  });

  it('captures by regex and JSONPath reach later steps as variables', async () => {
    const graph = makeGraph([
      makeStep({
        id: 'pods',
        command: 'kubectl get pods -o json',
        capture: [
          { name: 'POD', from: 'stdout', json: '$.items[0].metadata.name' },
          { name: 'RESTARTS', from: 'stdout', regex: '"restarts":(\\d+)' },
          { name: 'NOPE', from: 'stderr', regex: 'never' },
        ],
      }),
      makeStep({
        id: 'use',
        command: 'echo "$POD has $RESTARTS restarts, nope=${NOPE-unset}"',
        expect: { kind: 'var', name: 'RESTARTS', match: { kind: 'regex', source: '^7$', flags: '' } },
      }),
    ]);
    const events = await runAll({ graph, env: testEnv({ FAKE_KUBE_STATE: 'crashloop' }) });
    expect(finished(events)[0]!.captures).toEqual({ POD: 'agent-7d9f8c-xyz', RESTARTS: '7' });
    expect(events.find((event) => event.type === 'warning')).toMatchObject({ message: 'Capture `NOPE` found nothing (stderr did not match /never/); it is unset' });
    expect(outputOf(events, 'use')).toBe('agent-7d9f8c-xyz has 7 restarts, nope=unset\n');
    expect(finished(events)[1]!.status).toBe('passed');
  });

  it('checks JSON with comparisons and reports what came', async () => {
    const json = (path: string, test: Extract<Condition, { kind: 'json' }>['test']): Condition => ({ kind: 'json', path, test });
    const graph = makeGraph([
      makeStep({
        id: 'health',
        command: 'curl -s localhost:8080/health',
        expect: {
          kind: 'all',
          of: [
            json('$.checks.db.latencyMs', { op: 'lt', value: 100 }),
            json('$.status', { op: 'in', value: ['ok', 'degraded'] }),
            json('$.checks.mqtt.status', { op: 'equals', value: 'up' }),
          ],
        },
      }),
    ]);
    const events = await runAll({ graph, env: testEnv({ FAKE_KUBE_STATE: 'unhealthy' }) });
    expect(finished(events)[0]!.checks[0]).toEqual({
      name: 'expect',
      passed: false,
      expected: '$.checks.db.latencyMs is < 100 and $.status is one of "ok", "degraded" and $.checks.mqtt.status is "up"',
      actual: '$.checks.mqtt.status was "down"',
    });
  });

  it('compares expected output with [..] and ..., and shows a diff with the runbook lines', async () => {
    const transcript = { lines: ['NAME [..] STATUS [..]', '...', 'agent-[..] Running [..]'], startLine: 42 };
    const graph = makeGraph([
      makeStep({ id: 'ok', command: 'kubectl get pods', expectedOutput: transcript }),
      makeStep({ id: 'bad', command: 'kubectl get pods', expectedOutput: transcript, onFailure: { kind: 'continue' } }),
    ]);
    // The state changes between the two steps.
    const dir = scratch();
    const stateFile = path.join(dir, 'state');
    writeFileSync(stateFile, 'healthy');
    graph.steps[0]!.command = `kubectl get pods; echo crashloop > ${stateFile}`;
    const events = await runAll({ graph, env: testEnv({ FAKE_KUBE_STATE_FILE: stateFile }) });
    const [ok, bad] = finished(events);
    expect(ok!.checks).toEqual([{ name: 'expected output', passed: true, expected: 'output matches the expected output (line 42)', actual: 'output matched' }]);
    expect(bad!.status).toBe('failed');
    expect(bad!.checks[0]!.actual).toBe(
      [
        '--- expected (runbooks/test.md:42)',
        '+++ actual output',
        '@@ -42,3 +1,3 @@',
        ' NAME               READY   STATUS             RESTARTS   AGE',
        ' ...',
        ' agent-7d9f8c-xyz   0/1     CrashLoopBackOff   7          12m',
        '-agent-[..] Running [..]',
      ].join('\n'),
    );
  });
});

describe('runGraph: the operator', () => {
  const askStep = (): Step =>
    makeStep({
      id: 'broker-up',
      kind: 'ask',
      ask: {
        question: 'Is the broker pod running?',
        choices: [
          { label: 'Yes', target: { kind: 'step', id: 'yes-step' }, raw: 'yes-step' },
          { label: 'No', target: { kind: 'end', outcome: 'escalated' }, raw: 'end:escalated' },
        ],
      },
    });

  it('takes ask answers from --answer, case-insensitively', async () => {
    const graph = makeGraph([askStep(), makeStep({ id: 'yes-step', command: 'echo yes' })]);
    const no = await runAll({ graph, answers: { 'broker-up': 'no' } });
    expect(no.find((event) => event.type === 'choice')).toMatchObject({ stepId: 'broker-up', choice: 'No', target: 'end:escalated', by: 'flag' });
    expect(outcomeOf(no).outcome).toBe('escalated');
    const yes = await runAll({ graph, answers: { 'broker-up': 'YES' } });
    expect(finished(yes).map((step) => step.stepId)).toEqual(['broker-up', 'yes-step']);
    expect(outcomeOf(yes).outcome).toBe('completed');
  });

  it('aborts with the flag to pass when an ask has no answer', async () => {
    const events = await runAll({ graph: makeGraph([askStep()]) });
    expect(outcomeOf(events)).toMatchObject({
      outcome: 'aborted',
      message: 'Step `broker-up` asks “Is the broker pod running?”: pass --answer broker-up=CHOICE (one of `Yes`, `No`)',
    });
  });

  it('asks for missing inputs, takes defaults, and names the flag when unattended', async () => {
    const step = makeStep({ id: 'a', command: 'echo "$REGION/$ZONE"', uses: ['REGION', 'ZONE'] });
    const graph = makeGraph([step], { inputs: { REGION: { name: 'REGION', default: 'eu', secret: false } } });
    const missing = await runAll({ graph });
    expect(missing.filter((event) => event.type === 'input')).toMatchObject([{ name: 'REGION', value: 'eu', source: 'default' }]);
    expect(outcomeOf(missing)).toMatchObject({ outcome: 'aborted', message: 'Input `ZONE` (step `a`) is missing: pass --input ZONE=…' });
    const asked: string[] = [];
    const operator: Operator = {
      ...createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }),
      kind: 'person',
      input: async (name) => {
        asked.push(name);
        return 'z1';
      },
    };
    const events = await runAll({ graph, operator });
    expect(asked).toEqual(['ZONE']);
    expect(events.filter((event) => event.type === 'input')).toMatchObject([{ name: 'REGION' }, { name: 'ZONE', value: 'z1', source: 'prompt', secret: false }]);
    expect(outputOf(events, 'a')).toBe('eu/z1\n');
  });

  it('refuses a dangerous step without confirmation, runs it with one, and always in rehearsal', async () => {
    const dir = scratch();
    const graph = makeGraph([makeStep({ id: 'drop', command: 'touch dropped', confirm: 'drop it' })]);
    const refused = await runAll({ graph, cwd: dir });
    expect(finished(refused)[0]).toMatchObject({ status: 'skipped', message: 'not confirmed (the phrase is `drop it`)' });
    expect(outcomeOf(refused)).toMatchObject({ outcome: 'aborted', message: 'Step `drop` was not confirmed' });
    expect(existsSync(path.join(dir, 'dropped'))).toBe(false);
    const confirmed = await runAll({ graph, cwd: dir, answers: { drop: 'Drop it' } });
    expect(outcomeOf(confirmed).outcome).toBe('completed');
    expect(existsSync(path.join(dir, 'dropped'))).toBe(true);
    const rehearsed = await runAll({ graph, cwd: scratch(), mode: 'rehearsal' });
    expect(outcomeOf(rehearsed).outcome).toBe('completed');
  });

  it('marks manual steps done when unattended, with a warning', async () => {
    const graph = makeGraph([makeStep({ id: 'page', kind: 'manual', manual: 'Page the secondary on-call' })]);
    const events = await runAll({ graph });
    expect(events.find((event) => event.type === 'warning')).toMatchObject({ message: 'Manual step `page` (“Page the secondary on-call”) needs a person; the unattended run counts it as done' });
    expect(finished(events)[0]!.status).toBe('passed');
    const notDone = await runAll({ graph, answers: { page: 'no' } });
    expect(outcomeOf(notDone)).toMatchObject({ outcome: 'failed', message: 'Step `page` failed: the operator did not confirm it was done' });
  });

  it('lets the operator edit, skip or go to before a step, and decide after a failure', async () => {
    const graph = makeGraph([
      makeStep({ id: 'a', command: 'echo original' }),
      makeStep({ id: 'b', command: 'echo skipped-b' }),
      makeStep({ id: 'c', command: 'exit 1' }),
      makeStep({ id: 'd', command: 'echo d' }),
    ]);
    const decisions: Record<string, Awaited<ReturnType<NonNullable<Operator['beforeStep']>>>> = {
      a: { action: 'run', command: 'echo edited' },
      b: { action: 'skip' },
    };
    const operator: Operator = {
      ...createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }),
      kind: 'person',
      beforeStep: async (step) => decisions[step.id] ?? { action: 'run' },
      afterFailure: async () => ({ action: 'goto', stepId: 'd' }),
    };
    const events = await runAll({ graph, operator });
    expect(events.find((event) => event.type === 'step-started' && event.stepId === 'a')).toMatchObject({ command: 'echo edited', edited: true });
    expect(outputOf(events, 'a')).toBe('edited\n');
    expect(finished(events).map((step) => [step.stepId, step.status])).toEqual([
      ['a', 'passed'],
      ['b', 'skipped'],
      ['c', 'failed'],
      ['d', 'passed'],
    ]);
    expect(events.find((event) => event.type === 'choice')).toMatchObject({ stepId: 'c', choice: 'goto', target: 'd', by: 'operator' });
    expect(outcomeOf(events).outcome).toBe('completed');
  });

  it("journals a step's end before asking the operator to follow its branch; a choice after it says where the run went", async () => {
    const dir = scratch();
    const graph = () =>
      makeGraph([
        makeStep({ id: 'act', command: `echo acted >> ${dir}/log; echo CrashLoopBackOff`, branch: [{ when: stdoutMatches('CrashLoop'), target: { kind: 'step', id: 'crash' }, raw: 'crash' }] }),
        makeStep({ id: 'crash', command: 'echo crash' }),
        makeStep({ id: 'other', command: 'echo other' }),
      ]);
    const asking = (answer: () => Promise<string | null>): Operator => ({
      ...createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }),
      kind: 'person',
      overrideBranch: answer,
    });
    // The operator leaves at the question: the step is finished in the stream, before run-finished.
    const left = await runAll({ graph: graph(), operator: asking(() => Promise.reject(new Error('The operator left the run'))) });
    expect(left.map((event) => event.type).filter((type) => type !== 'output')).toEqual(['run-started', 'step-started', 'step-finished', 'run-finished']);
    expect(finished(left)[0]).toMatchObject({ stepId: 'act', status: 'passed', next: 'crash' });
    expect(outcomeOf(left).outcome).toBe('aborted');
    // The operator sends it elsewhere: step-finished (its branch), then the choice, then that step.
    const sent = await runAll({ graph: graph(), operator: asking(async () => 'other') });
    const order = sent.filter((event) => event.type === 'step-finished' || event.type === 'choice' || event.type === 'step-started').map((event) => `${event.type}:${event.stepId}`);
    expect(order).toEqual(['step-started:act', 'step-finished:act', 'choice:act', 'step-started:other', 'step-finished:other']);
    expect(readFileSync(path.join(dir, 'log'), 'utf8')).toBe('acted\nacted\n');
  });

  it('runs interactive steps inside operator.withTerminal', async () => {
    const dir = scratch();
    const calls: string[] = [];
    const operator: Operator = {
      ...createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }),
      withTerminal: async (run) => {
        calls.push('suspend');
        const result = await run();
        calls.push('resume');
        return result;
      },
    };
    const graph = makeGraph([makeStep({ id: 'edit', command: 'touch edited', interactive: true })]);
    const events = await runAll({ graph, operator, cwd: dir });
    expect(calls).toEqual(['suspend', 'resume']);
    expect(existsSync(path.join(dir, 'edited'))).toBe(true);
    expect(outcomeOf(events).outcome).toBe('completed');
  });

  it('stops only the running step through controls.cancelStep', async () => {
    const controls: RunControls = {};
    const graph = makeGraph([makeStep({ id: 'long', command: 'sleep 20', onFailure: { kind: 'continue' } }), makeStep({ id: 'after', command: 'echo after' })]);
    const events: RunEvent[] = [];
    const executor = createBashExecutor({ killGraceMs: 300 });
    for await (const event of runGraph({
      graph,
      runId: 'r',
      sha256: 's',
      mode: 'live',
      executor,
      operator: createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }),
      inputs: {},
      env: testEnv(),
      cwd: scratch(),
      controls,
    })) {
      events.push(event);
      if (event.type === 'step-started' && event.stepId === 'long') setTimeout(() => controls.cancelStep?.(), 100);
    }
    await executor.close?.();
    expect(finished(events)[0]).toMatchObject({ stepId: 'long', status: 'failed', message: 'stopped by operator', next: 'after' });
    expect(outputOf(events, 'after')).toBe('after\n');
    // Seen failing under load, `after` failed once it had printed: its end says why.
    expect(outcomeOf(events).outcome, JSON.stringify(finished(events))).toBe('completed');
  });

  it('aborts the run through its signal, killing the running step', async () => {
    const controller = new AbortController();
    const graph = makeGraph([makeStep({ id: 'long', command: 'sleep 20' }), makeStep({ id: 'after', command: 'echo after' })]);
    const started = Date.now();
    const pending = runAll({ graph, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const events = await pending;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(finished(events)).toMatchObject([{ stepId: 'long', status: 'failed', message: 'interrupted' }]);
    expect(outcomeOf(events)).toMatchObject({ outcome: 'aborted', message: 'interrupted' });
  });

  it('shows an unfinished line after a quiet moment, before the step ends', async () => {
    const graph = makeGraph([makeStep({ id: 'dots', command: 'printf "Waiting for rollout "; sleep 0.6; echo done' })]);
    const events = await runAll({ graph });
    const outputs = events.filter((event) => event.type === 'output').map((event) => (event.type === 'output' ? event.text : ''));
    expect(outputs).toEqual(['Waiting for rollout ', 'done\n']);
  });

  it('emits hints while a step runs', async () => {
    let given = false;
    const graph = makeGraph([makeStep({ id: 'a', command: 'sleep 0.7' })]);
    const events = await runAll({
      graph,
      hints: (elapsed) => {
        if (given || elapsed < 400) return [];
        given = true;
        return ['Read the logs of the previous container.'];
      },
    });
    const kinds = events.map((event) => event.type);
    expect(kinds.indexOf('hint')).toBeGreaterThan(kinds.indexOf('step-started'));
    expect(kinds.indexOf('hint')).toBeLessThan(kinds.indexOf('step-finished'));
  });
});

describe('runGraph: values stay data', () => {
  const payloads = ['$(touch PWNED)', '`touch PWNED`', '; touch PWNED', "'; touch PWNED; '", '"$(touch PWNED)"', 'a\nb; touch PWNED'];

  it.each(payloads)('input %j reaches placeholders in every quoting context and $NAME verbatim', async (payload) => {
    const dir = scratch();
    const graph = makeGraph([
      makeStep({
        id: 'show',
        command: [
          'printf "[%s]\\n" <pod-name>',
          'printf "[%s]\\n" "in double <pod-name> quotes"',
          "printf '[%s]\\n' 'in single <pod-name> quotes'",
          'printf "[%s]\\n" "$POD_NAME"',
          'eval_me=$POD_NAME; echo "[$eval_me]"',
        ].join('\n'),
        uses: ['POD_NAME'],
        capture: [{ name: 'CAPTURED', from: 'stdout', regex: '^\\[([\\s\\S]*?)\\]$', flags: 'm' }],
      }),
      makeStep({ id: 'again', command: 'printf "<%s>\\n" "$CAPTURED" <captured>' }),
    ]);
    const events = await runAll({ graph, cwd: dir, inputs: { POD_NAME: payload } });
    expect(readdirSync(dir)).toEqual([]);
    expect(outputOf(events, 'show')).toBe(
      [`[${payload}]`, `[in double ${payload} quotes]`, `[in single ${payload} quotes]`, `[${payload}]`, `[${payload}]`, ''].join('\n'),
    );
    expect(outputOf(events, 'again')).toBe(`<${payload}>\n<${payload}>\n`);
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false);
  });
});

describe('runGraph: secrets', () => {
  it('masks a secret input typed at the prompt, and leaves its value out of the input event', async () => {
    const graph = makeGraph([makeStep({ id: 'login', command: 'echo "pw=$DB_PASSWORD"', uses: ['DB_PASSWORD'] })], {
      inputs: { DB_PASSWORD: { name: 'DB_PASSWORD', description: 'Database password', secret: true } },
    });
    const asked: Array<[string, boolean, string | undefined]> = [];
    const operator: Operator = {
      ...createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' }),
      input: async (name, spec) => {
        asked.push([name, spec.secret, spec.description]);
        return 'typed-Secret-9';
      },
    };
    const events = await runAll({ graph, operator });
    expect(asked).toEqual([['DB_PASSWORD', true, 'Database password']]);
    expect(events.find((event) => event.type === 'input')).toEqual({ type: 'input', time: expect.any(String), name: 'DB_PASSWORD', secret: true, source: 'prompt' });
    expect(outputOf(events, 'login')).toBe('pw=••••••\n');
    expect(JSON.stringify(events)).not.toContain('typed-Secret-9');
  });

  it('masks a secret capture in the output of the step that printed it', async () => {
    const graph = makeGraph([
      makeStep({
        id: 'rotate',
        command: 'echo "new token: nmbs_at_$(echo 9Hc1rT4wLq8ZpN2v)"; echo done',
        capture: [{ name: 'NEW_TOKEN', from: 'stdout', regex: 'token: (\\S+)' }],
        secret: ['NEW_TOKEN'],
      }),
      makeStep({ id: 'use', command: 'echo "using $NEW_TOKEN"' }),
    ]);
    const events = await runAll({ graph });
    expect(JSON.stringify(events)).not.toContain('nmbs_at_9Hc1rT4wLq8ZpN2v');
    expect(outputOf(events, 'rotate')).toBe('new token: ••••••\ndone\n');
    expect(outputOf(events, 'use')).toBe('using ••••••\n');
    // Held output still comes before the step's end.
    const lastOutput = events.map((event) => event.type === 'output' && event.stepId === 'rotate').lastIndexOf(true);
    expect(lastOutput).toBeLessThan(events.findIndex((event) => event.type === 'step-finished'));
  });

  it('masks secret values in every event, even split across output chunks', async () => {
    const secret = 's3cr3t-Value-123';
    const graph = makeGraph([
      makeStep({ id: 'a', command: `printf 'token=%s\\n' "$API_TOKEN"; printf %s "\${API_TOKEN:0:7}"; sleep 0.1; printf '%s\\n' "\${API_TOKEN:7}"; echo "$API_TOKEN" >&2; exit 1`, uses: ['API_TOKEN'], onFailure: { kind: 'continue' }, expect: stdoutMatches('never') }),
      makeStep({ id: 'b', command: 'echo "Authorization: Bearer abcdefghijklmnop"; echo "k=$API_TOKEN"; export COPY="$API_TOKEN"; echo "$API_TOKEN" | tr a-z A-Z', capture: [{ name: 'SESSION', from: 'stdout', regex: 'k=(.*)' }], secret: ['SESSION'] }),
    ]);
    const events = await runAll({ graph, inputs: { API_TOKEN: secret }, secretNames: ['API_TOKEN'] });
    const text = JSON.stringify(events);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('s3cr3t-');
    expect(text).not.toContain('abcdefghijklmnop');
    expect(outputOf(events, 'a', 'stdout')).toBe('token=••••••\n••••••\n');
    expect(outputOf(events, 'b', 'stdout')).toContain('Authorization: Bearer ••••••');
    expect(finished(events)[1]!.captures).toEqual({ SESSION: '••••••' });
    expect(finished(events)[1]!.state?.env.COPY).toBe('••••••');
    expect(events[0]).toMatchObject({ type: 'run-started', inputs: {} });
    // Values still reach commands in clear: the uppercased copy is not the secret.
    expect(outputOf(events, 'b', 'stdout')).toContain('S3CR3T-VALUE-123');
  });
});
