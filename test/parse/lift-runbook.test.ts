import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';
import type { Step } from '../../engine/contracts/step-graph.js';

const load = (value: string, lift = false) => {
  const file = new VFile({ path: 'x.md', value });
  const loaded = checkRunbook(file, { lift });
  return { steps: loaded.graph!.steps, file, ok: loaded.ok };
};
const brief = (step: Step) => [step.kind, step.command ?? step.manual ?? step.ask?.question ?? step.title, step.lifted === true];

const PROSE = `# Ops

## Token rotation

1. **List inventory** – run \`python -m ops.admin tokens list --base-url <control-plane-url>\` to view tokens. Add \`--history-limit 10\` to include audit records.
2. **Rate limits** – rotations are throttled; wait for the interval.
3. **Inspect logs** – query the pipeline for the job: \`python -m ops.report logs --job-id <job>\`.
4. **Adjust timeout** – update \`OPS_JOB_TIMEOUT\` on the host and redeploy.

## Requirements
- **Binaries**: \`cp\` (control plane), \`agent\`.
- **Environment**: \`OPS_LOG_LEVEL=info\`
`;

test('a document with no step at all is lifted on its own, and says so', () => {
  const { steps, file, ok } = load(PROSE);
  expect(ok).toBe(true);
  expect(steps.map(brief)).toEqual([
    ['command', 'python -m ops.admin tokens list --base-url <control-plane-url>', true],
    ['manual', '**Rate limits** – rotations are throttled; wait for the interval.', true],
    ['command', 'python -m ops.report logs --job-id <job>', true],
    ['manual', '**Adjust timeout** – update `OPS_JOB_TIMEOUT` on the host and redeploy.', true],
  ]);
  expect(steps.map((step) => step.title)).toEqual(['List inventory', 'Rate limits', 'Inspect logs', 'Adjust timeout']);
  expect(steps.map((step) => step.id)).toEqual(['token-rotation', 'token-rotation-2', 'token-rotation-3', 'token-rotation-4']);
  expect(steps.flatMap((step) => step.uses)).toEqual(['CONTROL_PLANE_URL', 'JOB']);
  expect(file.messages.map(String)).toEqual([
    'x.md:1:1: No shell fence: 4 steps lifted from prose (commands in list items and code blocks, decisions), expected `bash` fences or annotations; review them with `runbook lift x.md`',
  ]);
  expect(file.messages[0]!.fatal).toBeUndefined();
});

test('without --lift a document with fences has exactly its shell fences as steps; with it, its prose too', () => {
  const text = `# Fix\n\n1. Restart the agent: \`systemctl restart agent\`\n2. Check it:\n\n   \`\`\`bash\n   systemctl status agent\n   \`\`\`\n`;
  expect(load(text).steps.map(brief)).toEqual([['command', 'systemctl status agent', false]]);
  expect(load(text, true).steps.map(brief)).toEqual([
    ['command', 'systemctl restart agent', true],
    ['command', 'systemctl status agent', false],
  ]);
});

test('mentions, flags, file names, metrics, config keys, templates and elided commands are not commands', () => {
  const text = `# Notes

1. Make sure the keys are signed prior to running \`linkerd install --crds\`.
2. Add \`--history-limit 10\` to include audit records.
3. Run the \`playbooks/tasks/fetch-keys.yml\` playbook.
4. Watch \`ops_job_timeouts_total\` and \`POST /admin/mode {"mode": "DRAINING"}\`.
5. Set \`OPS_MODE=NORMAL\` and the message \`{{ $labels.pod }} is not ready\`.
6. Verify the cache via \`python -m ops.report cache ...\`.
7. Check the pod via \`kubectl -n $NAMESPACE describe pod $POD\`.
8. \`my-tool sync --all\`
9. Use the endpoint (\`curl <logging-url>/status\`) to confirm.
`;
  const commands = load(text, true).steps.filter((step) => step.kind === 'command').map((step) => step.command);
  expect(commands).toEqual(['kubectl -n $NAMESPACE describe pod $POD', 'my-tool sync --all', 'curl <logging-url>/status']);
});

test('"If …" decisions ask, the consequence is a step of its own, No skips it; "escalate" ends the run escalated', () => {
  const text = `# Triage

1. Check the mode:

   \`\`\`bash
   curl localhost:8080/snapshot
   \`\`\`

   If \`READ_ONLY\` or \`DEGRADED\`, check who set it.

2. If you cannot resolve it within 15 minutes, escalate to the database team.
3. Close the incident.
`;
  const { steps, ok } = load(text, true);
  expect(ok).toBe(true);
  expect(steps.map(brief)).toEqual([
    ['command', 'curl localhost:8080/snapshot', false],
    ['ask', 'READ_ONLY or DEGRADED?', true],
    ['manual', 'Check who set it.', true],
    ['ask', 'You cannot resolve it within 15 minutes?', true],
    ['manual', 'Escalate to the database team.', true],
    ['manual', 'Close the incident.', true],
  ]);
  const [, ask, manual, escalation, escalate, close] = steps as [Step, Step, Step, Step, Step, Step];
  expect(ask.ask!.choices.map((choice) => [choice.label, choice.target])).toEqual([
    ['Yes', { kind: 'next' }],
    ['No', { kind: 'step', id: escalation.id }],
  ]);
  expect(manual.title).toBe('Check who set it');
  expect(escalation.ask!.choices[1]!.target).toEqual({ kind: 'step', id: close.id });
  expect(escalate.end).toBe('escalated');
});

test('"If …:" before a list asks whether to follow it; outside procedures an explanation is not a decision', () => {
  const text = `# Queue

If you want the examples below, you will have to fill in the address.

If the queue is full of poison tasks:

1. Restart the control plane.
2. Purge the queue.
`;
  const { steps } = load(text, true);
  expect(steps.map(brief)).toEqual([
    ['ask', 'The queue is full of poison tasks?', true],
    ['manual', 'Restart the control plane.', true],
    ['manual', 'Purge the queue.', true],
  ]);
  expect(steps[0]!.ask!.choices[1]!.target).toEqual({ kind: 'end', outcome: 'completed' });
});

test('"Option A / Option B" headings: an ask with the options, and past the others after each but the last', () => {
  const text = `# Recover

## Option A: restore from backup

1. Restore the snapshot: \`etcdctl snapshot restore snap.db\`

## Option B: rebuild the member

1. Remove the member: \`etcdctl member remove $MEMBER_ID\`

## Afterwards

1. Check the cluster: \`etcdctl endpoint health\`
`;
  const { steps, ok } = load(text, true);
  expect(ok).toBe(true);
  expect(steps.map((step) => [step.kind, step.id])).toEqual([
    ['ask', 'recover'],
    ['command', 'option-a-restore-from-backup'],
    ['goto', 'option-a-restore-from-backup-2'],
    ['command', 'option-b-rebuild-the-member'],
    ['command', 'afterwards'],
  ]);
  expect(steps[0]!.ask!.choices.map((choice) => [choice.label, choice.target])).toEqual([
    ['Option A: restore from backup', { kind: 'step', id: 'option-a-restore-from-backup' }],
    ['Option B: rebuild the member', { kind: 'step', id: 'option-b-rebuild-the-member' }],
  ]);
  expect(steps[2]!.goto).toEqual({ kind: 'step', id: 'afterwards' });
});

test('unlabelled code blocks whose lines are commands are steps under --lift; URLs, YAML and logs are not', () => {
  const text = `# Backups

The URL is

\`\`\`
ssh://u1@box.example:23/~/backup/<hostname>/repo
\`\`\`

List the backups:

\`\`\`
misc/borg.sh list <backup_address>
\`\`\`

Run

    pass otp code github.com/master-token

\`\`\`text
$ kubectl get pods
NAME    READY
web-1   1/1
\`\`\`

\`\`\`
limits:
  memory: 2Gi
\`\`\`

\`\`\`
level=error ts=2020-07-12 msg="failed to compact"
\`\`\`
`;
  const { steps } = load(text, true);
  expect(steps.map((step) => [step.command, step.lang])).toEqual([
    ['misc/borg.sh list <backup_address>', 'bash'],
    ['pass otp code github.com/master-token', 'bash'],
    ['kubectl get pods', 'console'],
  ]);
  expect(steps[2]!.expectedOutput?.lines).toEqual(['NAME    READY', 'web-1   1/1']);
  expect(load(text).steps).toHaveLength(3);
  expect(load('# A\n\n```bash\necho\n```\n\n```\nmisc/borg.sh list x\n```\n').steps).toHaveLength(1);
});

test('lists that are not procedures keep their items as documentation, but their commands are lifted', () => {
  const text = `# Alerts

+ *Message*: \`KubeAPI has disappeared from Prometheus target discovery.\`
+ *Severity*: critical
+ *Action*: Check the job using \`kubectl describe job <job>\` and the logs using \`kubectl logs <pod>\`.

Other things to check:

- app responding slowly
- missing config maps
`;
  const { steps } = load(text, true);
  expect(steps.map(brief)).toEqual([
    ['command', 'kubectl describe job <job>', true],
    ['command', 'kubectl logs <pod>', true],
  ]);
  expect(steps.map((step) => step.title)).toEqual(['Action', 'Action (2)']);
});

test('several fences under one heading are named by the item or sentence that introduces each; ids stay the same', () => {
  const text = '# Backups\n\nList the backups:\n\n```bash\nborg list\n```\n\n1. **Mount one**:\n   ```bash\n   borg mount repo mnt\n   ```\n\n```bash\necho bare\n```\n';
  const { steps } = load(text);
  expect(steps.map((step) => [step.id, step.title])).toEqual([
    ['backups', 'List the backups'],
    ['backups-2', 'Mount one'],
    ['backups-3', 'Backups (3)'],
  ]);
  expect(load('# Backups\n\nList the backups:\n\n```bash\nborg list\n```\n').steps[0]!.title).toBe('Backups');
});
