/** End to end through the real parser: Markdown → step graph → real bash → events. */
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';
import { summarizeRun } from '../../engine/run/summarize-run.js';
import { finished, outcomeOf, outputOf, runAll, testEnv } from './helpers.js';

const AGENT = `---
runbook:
  inputs:
    NAMESPACE: { default: prod, description: Kubernetes namespace }
---
# Agent not responding

## Check the agent pods
<!-- runbook
id: pod-status
timeout: 30s
capture:
  POD: { from: stdout, regex: '(agent-[a-z0-9-]+)' }
branch:
  - when: { stdout: /CrashLoopBackOff/ }
    goto: crashloop
  - when: { stdout: /Running/ }
    goto: "#if-pod-is-running-but-unhealthy"
-->
\`\`\`bash
kubectl get pods -n "$NAMESPACE" -l app=agent
\`\`\`

## Crash loop
<!-- runbook
id: crashloop
expect: { stdout: invalid config }
-->
\`\`\`bash
kubectl logs <pod> --previous
\`\`\`

<!-- runbook end: escalated -->

## If pod is running but unhealthy

\`\`\`console
$ curl -s localhost:8080/health
{"status":"ok",[..]}
\`\`\`

<!-- runbook end: resolved -->
`;

function load(markdown: string) {
  const loaded = checkRunbook(new VFile({ path: 'runbooks/agent.md', value: markdown }));
  expect(loaded.file.messages.map(String)).toEqual([]);
  return loaded.graph!;
}

describe('runGraph on parsed Markdown', () => {
  it('follows the crash-loop branch and fills the <pod> placeholder from a capture', async () => {
    const graph = load(AGENT);
    const events = await runAll({ graph, inputs: { NAMESPACE: 'prod' }, env: testEnv({ FAKE_KUBE_STATE: 'crashloop' }) });
    expect(summarizeRun(events, graph)).toMatchObject({ outcome: 'escalated', path: ['pod-status', 'crashloop', expect.any(String)] });
    expect(events.find((event) => event.type === 'step-started' && event.stepId === 'crashloop')).toMatchObject({ command: 'kubectl logs "${POD}" --previous' });
    expect(outputOf(events, 'crashloop')).toBe('error: invalid config key "mqtt.brokr"\n');
  });

  it('passes a console transcript with [..] on a healthy agent', async () => {
    const graph = load(AGENT);
    const events = await runAll({ graph, inputs: { NAMESPACE: 'prod' }, env: testEnv({ FAKE_KUBE_STATE: 'healthy' }) });
    const health = finished(events).find((step) => step.stepId === 'if-pod-is-running-but-unhealthy');
    expect(health?.checks.map((check) => [check.name, check.passed])).toEqual([['expected output', true]]);
    expect(outcomeOf(events).outcome).toBe('resolved');
  });

  it('shows a diff with the runbook line numbers when the transcript does not match', async () => {
    const graph = load(AGENT);
    const events = await runAll({ graph, inputs: { NAMESPACE: 'prod' }, env: testEnv({ FAKE_KUBE_STATE: 'unhealthy' }) });
    const health = finished(events).find((step) => step.stepId === 'if-pod-is-running-but-unhealthy');
    expect(health?.status).toBe('failed');
    const line = AGENT.split('\n').indexOf('{"status":"ok",[..]}') + 1;
    expect(health?.checks[0]?.actual).toBe(
      [
        `--- expected (runbooks/agent.md:${line})`,
        '+++ actual output',
        `@@ -${line},1 +1,1 @@`,
        '-{"status":"ok",[..]}',
        '+{"status":"degraded","checks":{"mqtt":{"status":"down","latencyMs":0},"db":{"status":"up","latencyMs":40}}}',
      ].join('\n'),
    );
    expect(outcomeOf(events).outcome).toBe('failed');
  });
});
