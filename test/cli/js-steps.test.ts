/**
 * Issue 15 item 6: a `js`/`ts` fence marked to run is a command step run through zx (real zx,
 * real node, real bash), with the run's environment and directory; its exit and output are
 * checked like any step's; a rehearsal never starts it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-js-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function runbook(markdown: string): string {
  const path = join(dir, `runbook-${++count}.md`);
  writeFileSync(path, markdown);
  return path;
}
/** The run's own TMPDIR, to see that zx's script file is gone afterwards. */
function scratch(): string {
  const path = join(dir, `tmp-${++count}`);
  mkdirSync(path);
  return path;
}

const marked = [
  '# Check',
  '',
  '```bash',
  'mkdir -p work && cd work',
  '```',
  '',
  '## Look',
  '<!-- runbook',
  'run: true',
  'capture:',
  "  SEEN: { from: stdout, regex: 'ns=(\\S+)' }",
  '-->',
  '```js',
  'const out = await $`echo from-zx`',
  'console.log(`ns=${process.env.NAMESPACE} in=${process.cwd().split("/").pop()} ${out.stdout.trim()} <pod-name>`)',
  '```',
  '',
  '## Typed',
  '```ts {run=true}',
  'const seen: string = process.env.SEEN ?? "none"',
  'console.log(`typed ${seen}`)',
  'process.exit(Number(process.env.CODE ?? "0"))',
  '```',
  '',
  'Not a step:',
  '```js',
  'console.log("documentation")',
  '```',
  '',
  '<!-- runbook run: false -->',
  '```bash',
  'echo never',
  '```',
  '',
].join('\n');

describe('js/ts fences marked to run', () => {
  test('are command steps; unmarked ones and `run: false` fences are not; their inputs are the process.env names they read', () => {
    const path = runbook(marked);
    const listed = runCli(['list', path, '--json']);
    expect(listed.status).toBe(0);
    const steps = JSON.parse(listed.stdout) as { id: string; kind: string; command?: string }[];
    expect(steps.map((step) => [step.id, step.kind])).toEqual([
      ['check', 'command'],
      ['look', 'command'],
      ['typed', 'command'],
    ]);
    const graph = JSON.parse(runCli(['graph', path, '--format', 'json']).stdout) as { steps: { id: string; lang?: string; uses: string[] }[] };
    // `<pod-name>` in JavaScript is text, not an input; `?? "none"` gives SEEN a default.
    expect(graph.steps.map((step) => [step.id, step.lang, step.uses])).toEqual([
      ['check', 'bash', []],
      ['look', 'js', ['NAMESPACE']],
      ['typed', 'ts', []],
    ]);
    const checked = runCli(['check', path]);
    expect(checked.status).toBe(0);
  });

  test('check says how to run an unmarked js fence in a document with no step', () => {
    const path = runbook('# Only code\n\nSome text.\n\n```ts\nconsole.log("hi")\n```\n');
    const checked = runCli(['check', path]);
    expect(checked.stderr).toContain('5:1-7:4 info Unexpected `ts` fence with no `run: true`: it is documentation, expected `<!-- runbook run: true -->` before it (or ```ts {run=true}`) to run it through zx');
    expect(checked.status).toBe(0);
  });

  test('run through zx with the run environment (inputs, captures) and directory; exit 0 passes, exit 1 fails', () => {
    const path = runbook(marked);
    const tmp = scratch();
    // A value is data in process.env: `$(…)` in it is never run by anyone.
    const value = `prod$(touch${' '}${join(dir, 'pwned')})`;
    const passed = runCli(['run', path, '--yes', '--no-journal', '--json', '--input', `NAMESPACE=${value}`], { cwd: dir, env: { TMPDIR: tmp } });
    expect(passed.stderr).toContain(`ns=${value} in=work from-zx <pod-name>\n`);
    expect(passed.stderr).toContain(`typed ${value.split(' ')[0]}\n`);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    const result = JSON.parse(passed.stdout) as { outcome: string; path: string[]; steps: { id: string; exitCode: number }[] };
    expect(result.outcome).toBe('completed');
    expect(result.path).toEqual(['check', 'look', 'typed']);
    expect(passed.status).toBe(0);

    const failed = runCli(['run', path, '--yes', '--no-journal', '--json', '--input', 'NAMESPACE=prod'], { cwd: dir, env: { TMPDIR: tmp, CODE: '1' } });
    const failure = JSON.parse(failed.stdout) as { outcome: string; steps: { id: string; status: string; exitCode: number }[] };
    expect(failure.outcome).toBe('failed');
    expect(failure.steps.at(-1)).toMatchObject({ id: 'typed', status: 'failed', exitCode: 1 });
    expect(failed.status).toBe(1);
    // zx's script files are removed after each step.
    expect(readdirSync(tmp).filter((name) => name.startsWith('runbook-js-'))).toEqual([]);
  });

  test('output is checked like any step: expect and branch read what the script printed', () => {
    const path = runbook(
      [
        '# Health',
        '<!-- runbook',
        'run: true',
        'expect: { stdout: /healthy/ }',
        'branch:',
        '  - when: { stdout: /degraded/ }',
        '    goto: end:escalated',
        '-->',
        '```javascript',
        'console.log(process.env.STATE)',
        '```',
      ].join('\n'),
    );
    const healthy = runCli(['run', path, '--yes', '--no-journal', '--json', '--input', 'STATE=healthy']);
    expect((JSON.parse(healthy.stdout) as { outcome: string }).outcome).toBe('completed');
    const degraded = runCli(['run', path, '--yes', '--no-journal', '--json', '--input', 'STATE=degraded']);
    const result = JSON.parse(degraded.stdout) as { outcome: string; steps: { status: string; exitCode: number }[] };
    expect(result.steps[0]).toMatchObject({ status: 'failed', exitCode: 0 });
    expect(result.outcome).toBe('failed');
  });

  test('a secret value a script prints is masked on screen and in the journal', () => {
    const path = runbook('# Token\n\n```js {run=true}\nconsole.log(`token is ${process.env.API_TOKEN}`)\n```\n');
    const journal = join(dir, 'journal');
    const secret = 'zx-secret-4815162342';
    const result = runCli(['run', path, '--yes', '--journal', journal, '--input', `API_TOKEN=${secret}`]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('token is ••••••');
    expect(result.stdout + result.stderr).not.toContain(secret);
    const files = readdirSync(journal, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.jsonl'));
    expect(files).toHaveLength(1);
    const events = readFileSync(join(journal, files[0]!), 'utf8');
    expect(events).toContain('token is ••••••');
    expect(events).not.toContain(secret);
  });

  test('--yes names an input a script reads before anything runs', () => {
    const marker = join(dir, 'ran-before-input');
    const path = runbook(`# Two\n\n\`\`\`bash\ntouch '${marker}'\n\`\`\`\n\n\`\`\`js {run=true}\nconsole.log(process.env.CLUSTER)\n\`\`\`\n`);
    const result = runCli(['run', path, '--yes', '--no-journal']);
    expect(result.stderr).toContain('CLUSTER');
    expect(existsSync(marker)).toBe(false);
    expect(result.status).toBe(2);
  });
});

describe('a js step in a rehearsal', () => {
  const script = (marker: string) => `# Drill\n\n\`\`\`js {run=true}\nawait $\`touch ${marker}\`\nconsole.log("ran for real")\n\`\`\`\n`;

  test('is answered by a scenario rule matched on its text, and zx never starts', () => {
    const marker = join(dir, 'rehearsed-answered');
    const path = runbook(script(marker));
    const scenario = join(dir, `answered-${count}.scenario.yaml`);
    writeFileSync(scenario, `scenario: answered\nrunbook: ${path}\ncommands:\n  - run: "await $\`touch * console.log*"\n    stdout: simulated touch\n`);
    const result = runCli(['run', path, '--rehearse', scenario, '--yes', '--no-journal']);
    expect(result.stdout).toContain('simulated touch');
    expect(result.stdout).not.toMatch(/^ran for real$/m);
    expect(existsSync(marker)).toBe(false);
    expect(result.status).toBe(0);
  });

  test('fails with a clear message when no rule answers it', () => {
    const marker = join(dir, 'rehearsed-unanswered');
    const path = runbook(script(marker));
    const scenario = join(dir, `unanswered-${count}.scenario.yaml`);
    writeFileSync(scenario, `scenario: quiet\nrunbook: ${path}\ncommands:\n  - run: kubectl get pods\n    stdout: none\n`);
    const result = runCli(['run', path, '--rehearse', scenario, '--yes', '--no-journal']);
    expect(result.stdout + result.stderr).toContain('this JavaScript step is not answered by scenario quiet');
    expect(existsSync(marker)).toBe(false);
    expect(result.status).toBe(1);
  });
});

describe('a run with js steps, replayed', () => {
  test('scenario --from answers each js step by its text: the replay checks clean and takes the same path with --yes', () => {
    const journal = join(dir, `journal-${++count}`);
    const path = runbook(['# Replay', '', '## Sum', '```js {run=true}', 'console.log("sum", 1 + 2)', '```', '', '## Then', '```bash', 'echo "then $((1 + 1))"', '```', ''].join('\n'));
    const live = runCli(['run', path, '--yes', '--json', '--journal', journal]);
    const recorded = JSON.parse(live.stdout) as { runId: string; path: string[] };
    expect(recorded.path).toEqual(['sum', 'then']);
    const scenario = join(dir, `replay-${count}.scenario.yaml`);
    expect(runCli(['scenario', '--from', recorded.runId, '--journal', journal, '--out', scenario]).status).toBe(0);
    expect(readFileSync(scenario, 'utf8')).toContain('run: console.log("sum", 1 + 2)');
    expect(runCli(['check', scenario]).status).toBe(0);
    const replay = runCli(['run', path, '--rehearse', scenario, '--yes', '--json', '--no-journal']);
    const replayed = JSON.parse(replay.stdout) as { path: string[]; outcome: string };
    expect(replayed).toMatchObject({ path: ['sum', 'then'], outcome: 'completed' });
    expect(replay.stderr).toContain('sum 3');
    expect(replay.status).toBe(0);
  });
});
