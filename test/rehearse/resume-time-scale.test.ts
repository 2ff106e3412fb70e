/**
 * A resumed rehearsal keeps its `--time-scale` (journaled in run-started) and its debrief covers
 * the whole drill (issue 17 items 1 and 4).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { cliPath, runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-resume-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUNBOOK = `# Restart the agent

## Restart

\`\`\`bash
kubectl rollout restart deployment/agent
\`\`\`

## Wait

\`\`\`bash
sleep 600
\`\`\`

## Check
<!-- runbook
id: check
branch:
  - when: { stdout: /Running/ }
    goto: end:resolved
  - else: end:escalated
-->
\`\`\`bash
kubectl get pods
\`\`\`
`;

const SCENARIO = `scenario: fixed
runbook: ./restart.md
state: broken
commands:
  - run: kubectl rollout restart deployment/agent
    set: { state: fixed }
    stdout: deployment.apps/agent restarted
  - run: kubectl get pods
    when: { state: fixed }
    stdout: agent-1   1/1   Running   0   5s
passthrough: [sleep]
goal: { reach: check, outcome: resolved, within: 15m }
`;

/** Interrupts a drill while its journal shows `stepId` running (the drill is at `sleep`), expecting exit 130. */
async function interruptAt(args: string[], journal: string, stepId: string): Promise<string> {
  const child = spawn(process.execPath, [cliPath, ...args, '--journal', journal], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const file = () => (existsSync(journal) ? readdirSync(journal).find((name) => name.endsWith('.jsonl')) : undefined);
  const running = () => file() !== undefined && readFileSync(join(journal, file()!), 'utf8').includes(`"stepId":"${stepId}"`);
  for (const end = Date.now() + 20_000; !running() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  expect(running()).toBe(true);
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  return join(journal, file()!);
}

const started = (file: string) =>
  readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RunEvent).find((event) => event.type === 'run-started');

it('a rehearsal resumed after an interruption goes on at its time scale, and its debrief covers the whole drill', async () => {
  const runbook = join(dir, 'restart.md');
  writeFileSync(runbook, RUNBOOK);
  writeFileSync(join(dir, 'restart.fixed.scenario.yaml'), SCENARIO);
  const journal = join(dir, 'journal');
  // `sleep 600` at ×300 takes 2 s: interrupted while it runs.
  const child = spawn(process.execPath, [cliPath, 'run', runbook, '--rehearse', 'fixed', '--yes', '--time-scale', '300', '--journal', journal], {
    stdio: 'ignore',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const file = () => (existsSync(journal) ? readdirSync(journal).find((name) => name.endsWith('.jsonl')) : undefined);
  const waiting = () => file() !== undefined && readFileSync(join(journal, file()!), 'utf8').includes('"stepId":"wait"');
  for (const end = Date.now() + 20_000; !waiting() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  expect(waiting()).toBe(true);
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(started(join(journal, file()!))).toMatchObject({ mode: 'rehearsal', timeScale: 300 });

  // At real time the resumed `sleep 600` would outlast runCli's 60 s timeout.
  const resumed = runCli(['resume', '--yes', '--json', '--journal', journal]);
  expect(resumed.status, resumed.stderr).toBe(0);
  const summary = JSON.parse(resumed.stdout);
  expect(summary.path).toEqual(['wait', 'check']);
  const second = readdirSync(journal).filter((name) => name.endsWith('.jsonl')).map((name) => join(journal, name)).find((name) => !name.endsWith(file()!));
  expect(started(second!)).toMatchObject({ timeScale: 300, resumedFrom: expect.any(String) });
  // The debrief covers the drill from its first step, at the drill's scale.
  expect(summary.rehearsal).toMatchObject({ goalReached: true, timeScale: 300, path: ['restart', 'wait', 'check'], wrongTurns: [] });
}, 120_000);

it('a resumed replay goes on with the decisions the interrupted run had not used yet', async () => {
  const runbook = join(dir, 'loop.md');
  writeFileSync(runbook, [
    '# Loop', '', '## X', '<!-- runbook', 'id: x', 'branch:', '  - when: { stdout: /finished/ }', '    goto: done', '-->', '```bash', 'fakectl x', '```', '',
    '## Wait', '<!-- runbook', 'id: wait', '-->', '```bash', 'sleep 600', '```', '',
    '<!-- runbook', 'id: back', 'goto: x', '-->', '',
    '## Done', '<!-- runbook', 'id: done', 'end: resolved', '-->', '```bash', 'fakectl done', '```', '',
  ].join('\n'));
  const scenario = join(dir, 'loop.scenario.yaml');
  // x runs on its first visit; on its second the operator went to `done` instead.
  writeFileSync(scenario, ['scenario: loop', 'runbook: ./loop.md', 'commands:', '  - run: fakectl *', 'passthrough: [sleep]', 'decisions:', '  x: [run, go to done]', ''].join('\n'));
  const journal = join(dir, 'loop-journal');
  await interruptAt(['run', runbook, '--rehearse', scenario, '--yes', '--time-scale', '300'], journal, 'wait');
  const resumed = runCli(['resume', '--yes', '--json', '--journal', journal]);
  expect(resumed.status, resumed.stderr).toBe(0);
  const summary = JSON.parse(resumed.stdout);
  // Started afresh, the list would run x again (its `run`) and loop once more.
  expect(summary.path).toEqual(['wait', 'back', 'x', 'done']);
  expect(summary.steps.find((step: { id: string }) => step.id === 'x')).toMatchObject({ status: 'skipped' });
  expect(summary.rehearsal).toMatchObject({ goalReached: true, wrongTurns: [] });
}, 120_000);
