// The TUI's executor: steps in a pseudo-terminal of their own (real bash, real pty).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { Step } from '../../../engine/contracts/step-graph.js';
import type { ExecRequest, Executor } from '../../../engine/contracts/run-seams.js';
import { createPtyExecutor, fitsPty, type PtyScreen } from '../../../engine/shell/pty/pty-executor.js';

const step = (overrides: Partial<Step> = {}): Step => ({ id: 's', interactive: false, capture: [], branch: [], secret: [], ...overrides }) as Step;
const request = (command: string, overrides: Partial<ExecRequest> = {}): ExecRequest => ({
  step: step(),
  command,
  env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
  cwd: tmpdir(),
  timeoutMs: 60_000,
  interactive: false,
  ...overrides,
});

function screen(consume: (text: string) => void = () => {}): PtyScreen & { raw: string } {
  const result = {
    raw: '',
    size: () => ({ columns: 60, rows: 20 }),
    started() {},
    data(_stepId: string, text: string, done: () => void) {
      result.raw += text;
      consume(text);
      setTimeout(done, 1);
    },
    async ended() {},
  };
  return result;
}

const inner: Executor = { exec: async () => ({ exitCode: 99, signal: null, timedOut: false, isCanceled: false, durationMs: 0, stdout: 'inner', stderr: '', output: 'inner', truncated: false, state: { env: {}, cwd: '/' } }) };
let executor: Executor | undefined;
afterEach(async () => {
  await executor?.close?.();
  executor = undefined;
});

describe('createPtyExecutor', () => {
  it('runs the step in a terminal, and carries export and cd to the next step', async () => {
    const shown = screen();
    executor = createPtyExecutor(inner, shown, { shell: 'bash' });
    const first = await executor.exec(request('test -t 0 && test -t 1 && echo "a terminal of $(tput cols) columns"; export KEPT=yes; cd /'));
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe('a terminal of 60 columns\n');
    expect(shown.raw).toContain('a terminal of 60 columns\r\n');
    expect(first.state).toEqual({ env: expect.objectContaining({ KEPT: 'yes' }), cwd: '/' });
    expect(first.state.env.TERM).toBeUndefined();
    const second = await executor.exec(request('echo "$KEPT in $PWD"; exit 3', { env: first.state.env, cwd: first.state.cwd }));
    expect([second.exitCode, second.stdout]).toEqual([3, 'yes in /\n']);
  });

  it('a busy screen still gets all of the output (node-pty stops reading soon after the process ends)', async () => {
    // Each chunk holds Node 30 ms, as a frame under load would.
    const shown = screen(() => {
      const until = Date.now() + 30;
      while (Date.now() < until);
    });
    executor = createPtyExecutor(inner, shown, { shell: 'bash' });
    const result = await executor.exec(request("seq -f 'line %g of 5000' 1 5000"));
    expect(result.stdout).toBe(execSync("seq -f 'line %g of 5000' 1 5000").toString());
    expect(shown.raw.endsWith('line 5000 of 5000\r\n')).toBe(true);
  });

  it('journals the output as text: escape sequences gone, redraws as last drawn', async () => {
    executor = createPtyExecutor(inner, screen(), { shell: 'bash' });
    const result = await executor.exec(request("printf '\\033[31mred\\033[0m\\n'; for i in 1 2 3; do printf '\\r%d%%' $((i * 33)); done; echo"));
    expect(result.stdout).toBe('red\n99%\n');
  });

  it('a stopped step reports the signal, at once', async () => {
    executor = createPtyExecutor(inner, screen(), { shell: 'bash' });
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 300);
    const result = await executor.exec(request('while true; do sleep 1; done', { signal: abort.signal }));
    expect([result.isCanceled, result.signal, result.exitCode]).toEqual([true, 'SIGTERM', null]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('leaves steps that read stderr or JSON apart, capture secrets, or are interactive to the executor it wraps', async () => {
    const stderr = { kind: 'text', stream: 'stderr', match: { kind: 'substring', text: 'x' } } as const;
    expect(fitsPty(step({ expect: { kind: 'not', of: stderr } }))).toBe(false);
    expect(fitsPty(step({ capture: [{ name: 'ID', from: 'stdout', json: '$.id' }] }))).toBe(false);
    expect(fitsPty(step({ capture: [{ name: 'TOKEN', from: 'stdout', regex: '(.*)' }], secret: ['TOKEN'] }))).toBe(false);
    expect(fitsPty(step({ interactive: true }))).toBe(false);
    expect(fitsPty(step({ expect: { kind: 'text', stream: 'stdout', match: { kind: 'substring', text: 'ok' } } }))).toBe(true);
    executor = createPtyExecutor(inner, screen(), { shell: 'bash' });
    expect((await executor.exec(request('echo hi', { step: step({ interactive: true }) }))).stdout).toBe('inner');
  });

  it('closing removes its FIFOs (a directory owned by this process, like the shell server\'s)', async () => {
    // Where fifo-pool.ts makes them: $XDG_RUNTIME_DIR, else /dev/shm, else the temp dir.
    const owned = (): string[] =>
      [process.env.XDG_RUNTIME_DIR, '/dev/shm', tmpdir()].flatMap((parent) => {
        if (!parent || !existsSync(parent)) return [];
        return readdirSync(parent)
          .filter((name) => name.startsWith('runbook-shell-'))
          .map((name) => join(parent, name))
          .filter((dir) => existsSync(join(dir, 'owner')) && readFileSync(join(dir, 'owner'), 'utf8').startsWith(`${process.pid} `));
      });
    const before = owned();
    executor = createPtyExecutor(inner, screen(), { shell: 'bash' });
    await executor.exec(request('true'));
    expect(owned().length).toBe(before.length + 1);
    await executor.close?.();
    executor = undefined;
    expect(owned()).toEqual(before);
  });
});
