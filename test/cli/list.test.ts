import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-list-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runbook = `# Agent

## Check pods
\`\`\`bash
kubectl get pods
\`\`\`

<!-- runbook
ask: Is it running?
choices: { "Yes": next, "No": end:escalated }
-->

## Restart
~~~sh
kubectl rollout restart deployment/agent
~~~
`;

test('a table of steps, and the same as JSON', () => {
  writeFileSync(join(dir, 'agent.md'), runbook);
  const table = runCli(['list', 'agent.md'], { cwd: dir });
  expect(table.status).toBe(0);
  expect(table.stdout).toBe(
    [
      '#  id            kind     line  title',
      '1  check-pods    command  4     Check pods',
      '2  check-pods-2  ask      8     Is it running?',
      '3  restart       command  14    Restart',
      '',
    ].join('\n'),
  );
  const json = runCli(['list', 'agent.md', '--json'], { cwd: dir });
  expect(JSON.parse(json.stdout)).toEqual([
    { id: 'check-pods', title: 'Check pods', kind: 'command', line: 4, column: 1, section: 'check-pods', command: 'kubectl get pods' },
    { id: 'check-pods-2', title: 'Is it running?', kind: 'ask', line: 8, column: 1, section: 'check-pods' },
    { id: 'restart', title: 'Restart', kind: 'command', line: 14, column: 1, section: 'restart', command: 'kubectl rollout restart deployment/agent' },
  ]);
});

test('an invalid runbook prints its messages and exits 2; so do bad arguments', () => {
  writeFileSync(join(dir, 'bad.md'), '<!-- runbook\ngoto: nowhere\n-->\n');
  const bad = runCli(['list', 'bad.md'], { cwd: dir });
  expect(bad.status).toBe(2);
  expect(bad.stdout).toBe('');
  expect(bad.stderr).toContain('2:7-2:14 error Unknown target `nowhere`');
  expect(runCli(['list'], { cwd: dir }).status).toBe(2);
  expect(runCli(['list', 'agent.md', '--tabel'], { cwd: dir }).status).toBe(2);
  expect(runCli(['list', '--help']).stdout).toMatch(/^Usage: runbook list FILE/);
});
