import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

const shared = resolve(repoRoot, process.env.RUNBOOK_SHARED ?? '../shared');
const nimbus = join(shared, 'seeds/000_2af811283830122e.txt');
const fluxforge = join(shared, 'seeds/004_8b486381b7bc2914.txt');
const crashLooping = join(shared, 'corpus/prometheus-operator__runbooks__content__runbooks__kubernetes__KubePodCrashLooping.md');

// Made when a test runs (hooks do not run in a file whose tests are all filtered out).
let temp = '';
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'runbook-lift-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A `python` that records its arguments, one line per call, in `calls.log`. */
function stubPython(): { bin: string; log: string } {
  const bin = join(temp, 'bin');
  const log = join(temp, 'calls.log');
  mkdirSync(bin, { recursive: true });
  for (const name of ['python', 'curl']) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${log}'\necho ok\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { bin, log };
}

describe.skipIf(!existsSync(nimbus))('the seeds and corpus, lifted', () => {
  test('the Nimbus seed lists its commands as steps, with their inputs', () => {
    const listed = runCli(['list', nimbus, '--json']);
    expect(listed.status).toBe(0);
    const steps = JSON.parse(listed.stdout) as { kind: string; command?: string; lifted?: boolean }[];
    expect(steps.filter((step) => step.kind === 'command')).toHaveLength(6);
    expect(steps.every((step) => step.lifted)).toBe(true);
    const graph = JSON.parse(runCli(['graph', nimbus, '--format', 'json']).stdout) as { steps: { uses: string[] }[] };
    expect([...new Set(graph.steps.flatMap((step) => step.uses))].sort()).toEqual(['AGENT', 'CONTROL_PLANE_URL', 'JOB', 'JWT', 'LOGGING_URL']);
  });

  test('run --yes runs lifted commands only with --lift; with it, in order', () => {
    const { bin, log } = stubPython();
    const env = { PATH: `${bin}${delimiter}${process.env.PATH}` };
    const inputs = ['CONTROL_PLANE_URL=http://cp', 'JWT=t0k', 'AGENT=a1', 'LOGGING_URL=http://logs', 'JOB=7'].flatMap((pair) => ['--input', pair]);
    const refused = runCli(['run', nimbus, '--yes', '--no-journal', ...inputs], { env });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('expected `--lift` to run them unattended');
    expect(existsSync(log)).toBe(false);

    const ran = runCli(['run', nimbus, '--yes', '--lift', '--no-journal', '--json', ...inputs], { env });
    expect(ran.status).toBe(0);
    const result = JSON.parse(ran.stdout) as { outcome: string; path: string[] };
    expect(result.outcome).toBe('completed');
    expect(result.path).toHaveLength(12);
    expect(readFileSync(log, 'utf8')).toBe(
      [
        'python -m nimbus.cli.admin tokens list --base-url http://cp --admin-token t0k',
        'python -m nimbus.cli.admin tokens rotate --base-url http://cp --admin-token t0k --agent-id a1 --ttl 3600',
        'python -m nimbus.cli.report tokens --base-url http://cp --token t0k',
        'python -m nimbus.cli.report logs --logs-url http://logs --job-id 7',
        'curl http://logs/status',
        'python -m nimbus.cli.report logs --logs-url http://logs --limit 10',
        '',
      ].join('\n'),
    );
  });

  test('the FluxForge seed under --lift: a step for every numbered item, an ask for READ_ONLY or DEGRADED', () => {
    const steps = JSON.parse(runCli(['list', fluxforge, '--lift', '--json']).stdout) as { kind: string; title: string; line: number; lifted?: boolean }[];
    const numberedLines = [25, 31, 35, 41, 42, 43, 54, 55, 56, 60, 61];
    for (const line of numberedLines) expect(steps.some((step) => step.line >= line && step.line <= line + 2)).toBe(true);
    expect(steps.find((step) => step.kind === 'ask' && step.title.includes('READ_ONLY or DEGRADED'))).toBeDefined();
    expect(steps.filter((step) => !step.lifted)).toHaveLength(2);
    // Without --lift: exactly its two shell fences.
    expect(JSON.parse(runCli(['list', fluxforge, '--json']).stdout)).toHaveLength(2);
  });

  test('KubePodCrashLooping offers its commands as steps, asking for NAMESPACE and POD', () => {
    const ran = runCli(['run', crashLooping, '--yes', '--lift', '--no-journal']);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(/NAMESPACE/);
    expect(ran.stderr).toMatch(/POD/);
    const steps = JSON.parse(runCli(['list', crashLooping, '--json']).stdout) as { kind: string; command?: string }[];
    expect(steps.filter((step) => step.kind === 'command').map((step) => step.command)).toEqual([
      'kubectl -n $NAMESPACE get pod $POD',
      'kubectl -n $NAMESPACE describe pod $POD',
      'kubectl -n $NAMESPACE logs $POD -c $CONTAINER',
    ]);
  });
});

describe('runbook lift FILE', () => {
  const steps = (args: string[]) =>
    (JSON.parse(runCli(['list', '--json', ...args]).stdout) as { id: string; kind: string; title: string; command?: string }[]).map((step) => [
      step.id,
      step.kind,
      step.title,
      step.command,
    ]);

  test('prints the runbook with its lifted steps written out, prose unchanged, source untouched; read back, it has the steps --lift finds', () => {
    const path = join(temp, 'prose.md');
    const text = [
      '# Recover',
      '',
      '1. **Check the pods** – run `kubectl get pods -n <namespace>` to see them.',
      '2. Wait for the pods to settle.',
      '',
      '   If `CrashLoopBackOff`, check the logs.',
      '',
      '> Note: run',
      '>',
      '> ```',
      '> kubectl describe pod $POD',
      '> ```',
      '',
      'Then',
      '',
      '    systemctl restart agent',
      '',
      '## Option A: restart',
      '',
      '- Restart it: `systemctl restart agent`',
      '',
      '## Option B: rebuild',
      '',
      '- Rebuild it: `make rebuild`',
      '',
    ].join('\n');
    writeFileSync(path, text);
    const lifted = runCli(['lift', path]);
    expect(lifted.status).toBe(0);
    expect(lifted.stderr).toContain('written as annotations (the source is unchanged)');
    expect(readFileSync(path, 'utf8')).toBe(text);
    // Every line of prose is still there, in order (fences only gained a language).
    const out = lifted.stdout.split('\n');
    let at = 0;
    for (const line of text.split('\n').filter((line) => !/^(>\s*)?```|^    systemctl/.test(line))) {
      at = out.indexOf(line, at);
      expect(at, line).toBeGreaterThanOrEqual(0);
    }
    const written = join(temp, 'prose.lifted.md');
    writeFileSync(written, lifted.stdout);
    expect(steps([written])).toEqual(steps(['--lift', path]));
    expect(steps([written]).map((step) => step[1])).toEqual(['command', 'manual', 'ask', 'manual', 'command', 'command', 'ask', 'command', 'goto', 'command']);
  });

});
