import type { RunEvent } from '../../engine/contracts/run-event.js';

/** A small incident, as the runner would yield it: three steps, a capture, a cd, a branch, a choice. */
export function makeEvents(options: { runId?: string; start?: number; interruptAt?: 'check' | 'restart'; finish?: boolean } = {}): RunEvent[] {
  const runId = options.runId ?? '20261122T081500Z-ab12cd';
  let clock = options.start ?? Date.parse('2026-11-22T08:15:00.000Z');
  const time = () => new Date((clock += 1000)).toISOString();
  const events: RunEvent[] = [
    {
      type: 'run-started',
      time: time(),
      runId,
      runbook: 'runbooks/agent.md',
      sha256: 'a'.repeat(64),
      title: 'Agent not responding',
      mode: 'live',
      inputs: { NAMESPACE: 'prod' },
      user: 'ana',
      host: 'ops1',
    },
    { type: 'input', time: time(), name: 'TOKEN', secret: true, source: 'flag' },
    { type: 'step-started', time: time(), stepId: 'pods', title: 'Check the pods', command: 'kubectl get pods -n "$NAMESPACE"', attempt: 1, visit: 1 },
    { type: 'output', time: time(), stepId: 'pods', stream: 'stdout', text: 'NAME READY STATUS\n' },
    { type: 'output', time: time(), stepId: 'pods', stream: 'stdout', text: 'agent-7d9f 0/1 CrashLoopBackOff\n' },
    {
      type: 'step-finished',
      time: time(),
      stepId: 'pods',
      status: 'passed',
      exitCode: 0,
      signal: null,
      timedOut: false,
      durationMs: 1200,
      checks: [{ name: 'branch 1', passed: true, expected: 'stdout matches /CrashLoopBackOff/' }],
      captures: { POD: 'agent-7d9f' },
      branch: { target: 'check', reason: 'stdout matched /CrashLoopBackOff/' },
      next: 'check',
      state: { env: { NAMESPACE: 'prod', WORKDIR: '/tmp' }, cwd: '/tmp' },
    },
  ];
  if (options.interruptAt === 'check') {
    events.push({ type: 'step-started', time: time(), stepId: 'check', title: 'Is it the config?', attempt: 1, visit: 1 });
    return events;
  }
  events.push(
    { type: 'step-started', time: time(), stepId: 'check', title: 'Is it the config?', attempt: 1, visit: 1 },
    { type: 'choice', time: time(), stepId: 'check', choice: 'Yes', target: 'restart', by: 'operator' },
    { type: 'note', time: time(), stepId: 'check', text: 'config pushed at 08:00' },
    {
      type: 'step-finished',
      time: time(),
      stepId: 'check',
      status: 'passed',
      exitCode: null,
      signal: null,
      timedOut: false,
      durationMs: 3000,
      checks: [],
      captures: {},
      next: 'restart',
    },
    { type: 'step-started', time: time(), stepId: 'restart', title: 'Restart the agent', command: 'kubectl rollout restart deployment/agent', attempt: 1, visit: 1 },
    { type: 'output', time: time(), stepId: 'restart', stream: 'stderr', text: 'error: <forbidden> & "denied"\n' },
  );
  if (options.interruptAt === 'restart') return events;
  events.push(
    {
      type: 'step-finished',
      time: time(),
      stepId: 'restart',
      status: 'failed',
      exitCode: 1,
      signal: null,
      timedOut: false,
      durationMs: 800,
      checks: [{ name: 'expect', passed: false, expected: 'exit 0', actual: 'exit 1' }],
      captures: {},
      next: null,
      message: 'the command failed',
      state: { env: { NAMESPACE: 'prod', WORKDIR: '/tmp' }, cwd: '/srv' },
    },
    { type: 'hint', time: time(), text: 'Read the logs of the previous container.' },
  );
  if (options.finish !== false) events.push({ type: 'run-finished', time: time(), outcome: 'failed', message: 'step restart failed' });
  return events;
}

export function toJsonl(events: RunEvent[]): string {
  return events.map((event) => JSON.stringify(event) + '\n').join('');
}
