import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

/** Issue 13 items 1–4 and 12, issue 15 item 5, through the built CLI and real bash. */
const dir = mkdtempSync(join(tmpdir(), 'runbook-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function runbook(markdown: string): string {
  const path = join(dir, `runbook-${++count}.md`);
  writeFileSync(path, markdown);
  return path;
}
const marker = (name: string) => join(dir, `pwned-${name}`);
const fence = (command: string) => '```bash\n' + command + '\n```\n';

describe('arithmetic (issue 13 item 1)', () => {
  test('an input that reaches $(( )) runs only as an integer', () => {
    const path = runbook(`# Scale\n\n${fence('echo $(( <retries> * 2 ))')}`);
    const evil = runCli(['run', path, '--yes', '--no-journal', '--input', `RETRIES=y[$(touch ${marker('retries')})]`]);
    expect(existsSync(marker('retries'))).toBe(false);
    expect(evil.status).toBe(1);
    expect(evil.stdout + evil.stderr).toContain('`RETRIES` reaches arithmetic at runbook line 4');
    const good = runCli(['run', path, '--yes', '--no-journal', '--input', 'RETRIES=3']);
    expect(good.status).toBe(0);
    expect(good.stdout + good.stderr).toContain('6');
  });

  test('a capture that reaches [[ -gt ]] runs only as an integer', () => {
    const path = runbook(
      [
        '# Count',
        '<!-- runbook',
        'capture:',
        "  N: { from: stdout, regex: 'count: (.*)' }",
        '-->',
        fence(`echo 'count: x[$(touch ${marker('capture')})]'`),
        '## Compare',
        fence('if [[ $N -gt 5 ]]; then echo big; fi'),
      ].join('\n'),
    );
    const result = runCli(['run', path, '--yes', '--no-journal']);
    expect(existsSync(marker('capture'))).toBe(false);
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/`N` reaches arithmetic at runbook line 12/);
  });
});

test('a backticked placeholder is the value, not a command (issue 13 item 2)', () => {
  const path = runbook(`# Exec\n\n${fence("printf '[%s]\\n' `<pod_name>`")}`);
  const result = runCli(['run', path, '--yes', '--no-journal', '--input', `POD_NAME=touch ${marker('backtick')}`]);
  expect(result.status).toBe(0);
  expect(existsSync(marker('backtick'))).toBe(false);
  expect(result.stdout + result.stderr).toContain(`[touch ${marker('backtick')}]`);
});

test('a shift in arithmetic leaves later placeholders quoted (issue 13 item 4)', () => {
  const path = runbook(`# Shift\n\n${fence("echo $(( 1 << 2 ))\nprintf '[%s]\\n' <pod-name>")}`);
  const result = runCli(['run', path, '--yes', '--no-journal', '--input', 'POD_NAME=a  b'], { cwd: dir });
  expect(result.status).toBe(0);
  expect(result.stdout + result.stderr).toContain('[a  b]');
});

test('--yes names every missing placeholder, in any case, before anything runs (issue 15 item 5)', () => {
  const path = runbook(
    `# First\n\n${fence(`touch ${marker('first')}`)}\n## Logs\n\n${fence('kubectl logs <POD_NAME> --context <CLUSTER-NAME> > <out-file>.log; sort < input.txt')}`,
  );
  const result = runCli(['run', path, '--yes', '--no-journal']);
  expect(result.status).toBe(2);
  for (const name of ['POD_NAME', 'CLUSTER_NAME', 'OUT_FILE']) expect(result.stderr).toContain(name);
  expect(result.stderr).not.toMatch(/\bINPUT\b/);
  expect(existsSync(marker('first'))).toBe(false);
});
