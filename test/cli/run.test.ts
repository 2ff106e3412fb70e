import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from './run-cli.js';
import { tempDir } from '../helpers-temp.js';

const runbook = join(repoRoot, 'test/fixtures/cli/agent-not-responding.md');
const journal = () => tempDir('runbook-journal-');

describe('runbook run --yes', () => {
  it.each([
    ['CrashLoopBackOff', 'ok', ['pod-status', 'crashloop'], 'escalated', 1],
    ['Running', 'down', ['pod-status', 'health', 'unhealthy'], 'escalated', 1],
    ['Running', 'ok', ['pod-status', 'health'], 'resolved', 0],
  ])('pods %s, health %s: takes %j and ends %s', (status, health, path, outcome, code) => {
    const result = runCli(['run', runbook, '--yes', '--json', '--journal', journal()], { env: { FAKE_POD_STATUS: status, FAKE_HEALTH: health } });
    expect(result.stderr).not.toContain('internal error');
    const summary = JSON.parse(result.stdout);
    expect(summary.path).toEqual(path);
    expect(summary.outcome).toBe(outcome);
    expect(result.status).toBe(code);
    expect(typeof summary.runId).toBe('string');
    expect(summary.runbook).toContain('agent-not-responding.md');
    const first = summary.steps[0];
    expect(first).toMatchObject({ id: 'pod-status', status: 'passed', exitCode: 0 });
    expect(typeof first.durationMs).toBe('number');
  });

  it('shows why a branch was taken, with the captured pod', () => {
    const result = runCli(['run', runbook, '--yes', '--journal', journal()], { env: { FAKE_POD_STATUS: 'CrashLoopBackOff' } });
    expect(result.stdout).toMatch(/stdout matched \/CrashLoopBackOff\//);
    expect(result.stdout).toContain('POD=agent-7d9f8c-xyz');
    expect(result.stdout).toContain("panic: invalid config key 'mqtt.brokr'");
    expect(result.stdout).toContain('outcome: escalated');
  });

  it('with --json prints one JSON object on stdout and the progress on stderr', () => {
    const result = runCli(['run', runbook, '--yes', '--json', '--journal', journal()], { env: { FAKE_POD_STATUS: 'CrashLoopBackOff' } });
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).toContain('kubectl get pods');
  });

  it('with --json an interactive step writes to stderr: stdout stays one JSON object', () => {
    const file = join(journal(), 'interactive.md');
    writeFileSync(file, '# Interactive\n\n## Look\n<!-- runbook\ninteractive: true\n-->\n```bash\necho "interactive says hi"\n```\n');
    const result = runCli(['run', file, '--yes', '--json', '--no-journal']);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'completed' });
    expect(result.stderr).toContain('interactive says hi\n');
    expect(result.status).toBe(0);
  });

  it('runs unattended when stdin is not a terminal, without --yes', () => {
    const result = runCli(['run', runbook, '--json', '--journal', journal()], { env: { FAKE_POD_STATUS: 'Running', FAKE_HEALTH: 'ok' } });
    expect(JSON.parse(result.stdout).outcome).toBe('resolved');
  });
});

describe('runbook run: bad arguments exit 2 and run nothing', () => {
  const marked = () => {
    const dir = tempDir('runbook-args-');
    const file = join(dir, 'touch.md');
    writeFileSync(file, '# Touch\n\n```bash\ntouch "$MARKER"\n```\n');
    return { file, marker: join(dir, 'ran') };
  };
  it.each([
    ['no file', []],
    ['two files', ['FILE', 'FILE']],
    ['an unknown option', ['FILE', '--frobnicate']],
    ['an input without =', ['FILE', '--input', 'NAME']],
    ['an answer without a name', ['FILE', '--answer', '=x']],
    ['a missing scenario', ['FILE', '--rehearse', 'no-such-scenario', '--yes']],
    ['--journal without a value', ['FILE', '--journal']],
  ])('%s', (_name, args) => {
    const { file, marker } = marked();
    const result = runCli(['run', ...args.map((a) => (a === 'FILE' ? file : a))], { env: { MARKER: marker } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/runbook: /);
    expect(result.stderr).not.toContain('internal error');
    expect(existsSync(marker)).toBe(false);
  });

  it('a missing runbook file', () => {
    const result = runCli(['run', '/nonexistent/runbook.md', '--yes']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('/nonexistent/runbook.md');
  });

  it('an invalid runbook or a failed preflight stops the bash started while it was read: no process, no FIFO directory left', () => {
    const runtime = tempDir('runbook-runtime-');
    const dir = tempDir('runbook-early-');
    const invalid = join(dir, 'invalid.md');
    writeFileSync(invalid, '# Bad\n\n<!-- runbook\nid: [oops\n-->\n```bash\necho never\n```\n');
    const needsInput = join(dir, 'needs-input.md');
    writeFileSync(needsInput, '# Needs\n\n```bash\necho "$REQUIRED_THING"\n```\n');
    // The shell server's FIFO directory goes in $XDG_RUNTIME_DIR: a valid run shows it there.
    const valid = join(dir, 'valid.md');
    writeFileSync(valid, '# Valid\n\n```bash\nls "$XDG_RUNTIME_DIR"\n```\n');
    const env = { XDG_RUNTIME_DIR: runtime };
    expect(runCli(['run', valid, '--yes', '--no-journal'], { env }).stdout).toMatch(/runbook-shell-/);
    for (const file of [invalid, needsInput]) {
      const result = runCli(['run', file, '--yes', '--no-journal'], { env });
      expect(result.status).toBe(2);
      expect(readdirSync(runtime)).toEqual([]);
      const left = readdirSync('/proc')
        .filter((pid) => /^\d+$/.test(pid))
        .filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(runtime);
          } catch {
            return false;
          }
        });
      expect(left).toEqual([]);
    }
  });

  it('a live run starts bash before it reads the runbook (a FIFO here, written once bash is up)', async () => {
    const runtime = tempDir('runbook-runtime-');
    const dir = tempDir('runbook-early-');
    const fifo = join(dir, 'runbook.md');
    execFileSync('mkfifo', [fifo]);
    const child = spawn(process.execPath, [cliPath, 'run', fifo, '--yes', '--no-journal'], {
      env: { ...process.env, NO_COLOR: '1', XDG_RUNTIME_DIR: runtime },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The runbook cannot have been read: nothing has written to the FIFO yet.
    for (let waited = 0; readdirSync(runtime).length === 0; waited += 20) {
      if (waited > 10_000) {
        child.kill('SIGKILL');
        throw new Error('bash did not start before the runbook was read');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(readdirSync(runtime)[0]).toMatch(/^runbook-shell-/);
    writeFileSync(fifo, '# Early\n\n```bash\necho "ran in $XDG_RUNTIME_DIR"\n```\n');
    expect(await exited).toBe(0);
    expect(stdout).toContain(`ran in ${runtime}`);
    expect(readdirSync(runtime)).toEqual([]);
  });

  it('an unknown command', () => {
    const result = runCli(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command `frobnicate`');
  });
});
