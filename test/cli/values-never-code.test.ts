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

describe('names the shell treats as code (issue 13 item 3)', () => {
  const path = () =>
    runbook(`# Uses\n\n${fence(`printf '%s\\n' "$NAMESPACE" <pod-name>`)}`);

  test('are refused as --input before anything runs, whatever the runbook asks', () => {
    const evil = join(dir, 'evil.sh');
    writeFileSync(evil, `touch ${marker('bash-env')}\n`);
    const file = path();
    for (const pair of [`BASH_ENV=${evil}`, 'LD_PRELOAD=/tmp/x.so', 'PATH=/tmp', `BASH_FUNC_ls%%=() { touch ${marker('func')}; }`, 'SHELLOPTS=xtrace', 'PS4=$(id)', 'IFS=x', 'ENV=/tmp/x', 'PROMPT_COMMAND=id', 'HOME=/tmp']) {
      const result = runCli(['run', file, '--yes', '--no-journal', '--input-any', '--input', 'NAMESPACE=a', '--input', 'POD_NAME=b', '--input', pair]);
      expect(result.status, pair).toBe(2);
      expect(result.stderr, pair).toContain(`refused \`--input ${pair.slice(0, pair.indexOf('='))}=…\``);
      expect(result.stdout, pair).toBe('');
    }
    expect(existsSync(marker('bash-env'))).toBe(false);
    expect(existsSync(marker('func'))).toBe(false);
  }, 120_000); // ten CLI runs, one after the other

  test('an input the runbook does not ask for needs --input-any', () => {
    const file = path();
    const refused = runCli(['run', file, '--yes', '--no-journal', '--input', 'NAMESPACE=a', '--input', 'POD_NAME=b', '--input', 'POD_NAM=c']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('unexpected `--input POD_NAM=…`: the runbook does not ask for `POD_NAM` (did you mean `POD_NAME`?)');
    expect(refused.stderr).toContain('--input-any');
    const taken = runCli(['run', file, '--yes', '--no-journal', '--input', 'NAMESPACE=a', '--input', 'POD_NAME=b', '--input', 'POD_NAM=c', '--input-any']);
    expect(taken.status).toBe(0);
  });

  test('check flags inputs and captures named like them, at their place', () => {
    const file = runbook(
      [
        '---',
        'runbook:',
        '  inputs:',
        '    BASH_ENV: { description: startup file }',
        '---',
        '# Capture',
        '<!-- runbook',
        'capture:',
        "  PATH: { from: stdout, regex: '(.*)' }",
        '-->',
        fence('echo /tmp; ls "$BASH_ENV"'),
        '## Placeholder',
        fence('echo ok\nLD_PRELOAD=x echo <ld-preload> $LD_LIBRARY_PATH'),
      ].join('\n'),
    );
    const result = runCli(['check', file, '--json']);
    expect(result.status).toBe(2);
    const messages = (JSON.parse(result.stdout) as { line: number; column: number; ruleId: string; message: string }[]).filter((m) => m.ruleId === 'dangerous-name');
    expect(messages.map((m) => [m.line, m.column, /`(\w+)`/.exec(m.message)![1]])).toEqual([
      [4, 5, 'BASH_ENV'],
      [9, 3, 'PATH'],
      [18, 19, 'LD_PRELOAD'],
    ]);
  });
});

test('a secret entry that names nothing is an error, with the name it likely meant (issue 13 item 12)', () => {
  const file = runbook(
    ['# Login', '<!-- runbook', 'capture:', "  PASSWORD: { from: stdout, regex: 'pw: (.*)' }", 'secret: [PASWORD]', '-->', fence('echo pw: hunter22')].join('\n'),
  );
  const result = runCli(['check', file]);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/5:10-5:17\s+error\s+Unexpected secret `PASWORD`, expected the name of a capture or an input \(did you mean `PASSWORD`\?\)/);
});

describe('typed inputs and choices (issue 13 item 1)', () => {
  const file = () =>
    runbook(
      [
        '---',
        'runbook:',
        '  inputs:',
        '    RETRIES: { type: integer, default: 2 }',
        '    REGION: { choices: [eu-west-1, us-east-1] }',
        '---',
        '# Scale',
        fence('echo "$(( <retries> + 1 )) in $REGION"'),
      ].join('\n'),
    );

  test('--input values are checked against type and choices before anything runs', () => {
    const path = file();
    const bad = runCli(['run', path, '--yes', '--no-journal', '--input', 'RETRIES=two', '--input', 'REGION=mars']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unexpected `two` for input `RETRIES`, expected an integer');
    expect(bad.stderr).toContain('unexpected `mars` for input `REGION`, expected one of `eu-west-1`, `us-east-1`');
    const good = runCli(['run', path, '--yes', '--no-journal', '--input', 'REGION=us-east-1']);
    expect(good.status).toBe(0);
    expect(good.stdout + good.stderr).toContain('3 in us-east-1');
  });

  test('a default that does not fit is a check error at the default', () => {
    const path = runbook(['---', 'runbook:', '  inputs:', '    MODE: { choices: [fast, safe], default: quick }', '---', '# Go', fence('echo $MODE')].join('\n'));
    const result = runCli(['check', path]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/4:45-4:50\s+error\s+Unexpected `quick` as the default of input `MODE`, expected one of `fast`, `safe`/);
  });
});

test('nothing in sample output is a placeholder: transcripts and output fences (issue 15 item 5)', () => {
  const path = runbook(
    [
      '# Nodes',
      '```console',
      '$ kubectl get nodes <node-name>',
      'NAME   STATUS   ROLES    AGE',
      'ip-1   Ready    <none>   47h',
      '```',
      '## Prompted',
      '```bash',
      '$ kubectl get pods -n <namespace>',
      'pod-1  1/1     <none>    <NOMINATED-NODE>',
      '```',
      '## Output',
      fence('kubectl get svc'),
      '```output',
      'svc   <none>',
      '```',
    ].join('\n'),
  );
  const result = runCli(['run', path, '--yes', '--no-journal']);
  expect(result.status).toBe(2);
  expect(result.stderr.match(/Missing input `\w+`/g)).toEqual(['Missing input `NODE_NAME`', 'Missing input `NAMESPACE`']);
});
