import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { createBashExecutor } from '../../engine/shell/bash-executor.js';
import type { ExecRequest } from '../../engine/contracts/run-seams.js';
import { makeStep, scratch, testEnv } from '../run/helpers.js';
import { processesMatching } from '../helpers-processes.js';
import { childrenOf } from '../../engine/shell/terminate/proc-stat.js';

const step = makeStep({ id: 'x', command: '' });

function request(command: string, extra: Partial<ExecRequest> = {}): ExecRequest {
  return { step, command, env: testEnv(), cwd: scratch(), timeoutMs: 10_000, interactive: false, ...extra };
}

/** A process's state, kernel wait channel and stack, and open files (root reads the stack). */
function describeProcess(pid: number): string {
  const read = (file: string): string => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8').trim();
    } catch (error) {
      return `(${(error as NodeJS.ErrnoException).code})`;
    }
  };
  const fds = ((): string => {
    try {
      return readdirSync(`/proc/${pid}/fd`).map((fd) => `${fd}→${readlinkSync(`/proc/${pid}/fd/${fd}`)}`).join(' ');
    } catch {
      return '';
    }
  })();
  return `pid ${pid} stat ${read('stat')} wchan ${read('wchan')} fds ${fds}\n${read('stack')}`;
}

async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe.each([
  ['through the shell server', true],
  ['with a new bash per command', false],
])('createBashExecutor %s', (_, server) => {
  const executor = createBashExecutor({ killGraceMs: 500, server, timedInputGraceMs: 1500 });
  afterAll(() => executor.close?.());

  it('returns exact exit codes and separates stdout, stderr and the interleaved output', async () => {
    const result = await executor.exec(request('echo out; echo err >&2; echo out2; exit 3'));
    expect(result.exitCode).toBe(3);
    expect(result.signal).toBeNull();
    expect(result.stdout).toBe('out\nout2\n');
    expect(result.stderr).toBe('err\n');
    expect(result.output.split('\n').sort()).toEqual(['', 'err', 'out', 'out2']);
    expect(result.timedOut).toBe(false);
    expect(result.truncated).toBe(false);
  });

  it('reports a shell killed by a signal with a null exit code and the signal name', async () => {
    const result = await executor.exec(request('kill -KILL $BASHPID'));
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGKILL');
    expect((await executor.exec(request('echo still here'))).stdout).toBe('still here\n');
  });

  it.runIf(server)('survives a command that kills the shell server ($$ is the server)', async () => {
    const result = await executor.exec(request('kill -KILL $$; sleep 1'));
    expect(result.exitCode).toBeNull();
    expect((await executor.exec(request('echo still here'))).stdout).toBe('still here\n');
  });

  it('streams output live through onOutput, per stream', async () => {
    const chunks: Array<[string, string]> = [];
    await executor.exec(request('echo a; echo b >&2', { onOutput: (stream, text) => void chunks.push([stream, text]) }));
    expect(chunks.filter(([stream]) => stream === 'stdout').map(([, text]) => text).join('')).toBe('a\n');
    expect(chunks.filter(([stream]) => stream === 'stderr').map(([, text]) => text).join('')).toBe('b\n');
  });

  it('shows a running command\'s output before the command ends', async () => {
    const started = performance.now();
    let firstAt: number | undefined;
    const result = await executor.exec(
      request('echo first; sleep 1; echo second', {
        onOutput: (_, text) => {
          if (text.includes('first')) firstAt ??= performance.now() - started;
        },
      }),
    );
    expect(result.stdout).toBe('first\nsecond\n');
    expect(result.durationMs).toBeGreaterThanOrEqual(1000);
    expect(firstAt).toBeDefined();
    expect(firstAt!).toBeLessThan(result.durationMs - 500);
  });

  it('carries export and cd over to the next command, like one shell session', async () => {
    const dir = realpathSync(scratch());
    const first = await executor.exec(request(`export GREETING="hello  'world'"$'\\n'"é \\$x"; cd ${dir}; LOCAL_ONLY=1`));
    expect(first.state.cwd).toBe(dir);
    expect(first.state.env.GREETING).toBe(`hello  'world'\né $x`);
    expect(first.state.env.LOCAL_ONLY).toBeUndefined();
    const second = await executor.exec(request('printf "%s|" "$GREETING"; pwd', { env: first.state.env, cwd: first.state.cwd }));
    expect(second.stdout).toBe(`hello  'world'\né $x|${dir}\n`);
  });

  it('keeps the state after `exit N` and an unset, but not the shell bookkeeping', async () => {
    const result = await executor.exec(request('export A=1; unset HOME; exit 4'));
    expect(result.exitCode).toBe(4);
    expect(result.state.env.A).toBe('1');
    expect(result.state.env.HOME).toBeUndefined();
    expect(result.state.env.SHLVL).toBeUndefined();
  });


  it('leaves the state as it was after a command that cannot change it, and carries every other change', async () => {
    const dir = realpathSync(scratch());
    const set = await executor.exec(request(`export LEFT=1 REPLY_TO=old; cd ${dir}`));
    // Inert (no state read back): the state it was given, with PWD where bash keeps it.
    const inert = await executor.exec(request('echo "$LEFT $PWD"', { env: set.state.env, cwd: set.state.cwd }));
    expect(inert.stdout).toBe(`1 ${dir}\n`);
    expect(inert.state.env.LEFT).toBe('1');
    expect(inert.state.cwd).toBe(dir);
    expect(inert.state.env.PWD).toBe(set.state.env.PWD);
    // Changes without `export` or an assignment: `read` into an exported variable, `.` a file.
    writeFileSync(path.join(dir, 'env.sh'), 'export SOURCED=yes\n');
    const read = await executor.exec(request('read -r REPLY_TO <<< new; . ./env.sh', { env: inert.state.env, cwd: inert.state.cwd }));
    expect(read.state.env.REPLY_TO).toBe('new');
    expect(read.state.env.SOURCED).toBe('yes');
  });
  it('runs with exactly the environment given', async () => {
    const result = await executor.exec(request('env | sort | cut -d= -f1 | tr "\\n" " "; echo "[done]"', { env: { PATH: '/usr/bin:/bin', ONLY: 'me' } }));
    expect(result.stdout).toContain('ONLY PATH');
    expect(result.stdout).not.toContain('HOME');
    expect(result.stdout).toContain('[done]');
  });

  it('stops a command waiting for input on stdin (no one types into it) and names it, instead of answering end-of-file', async () => {
    const read = await executor.exec(request('echo before; read -r answer; echo "after [$answer]"'));
    expect(read.waitedForInput).toMatch(/^bash \(pid \d+\)$/);
    expect(read.timedOut).toBe(false);
    expect(read.exitCode).toBeNull();
    expect(read.stdout).toBe('before\n');
    const cat = await executor.exec(request('cat'));
    expect(cat.waitedForInput).toMatch(/^cat \(pid \d+\)$/);
    // Input the command itself gives is no wait; the next step runs as usual.
    const given = await executor.exec(request('echo hi | cat; read -r x <<< there; echo "$x"; sleep 0.5; echo end'));
    expect(given.waitedForInput).toBeUndefined();
    expect(given.stdout).toBe('hi\nthere\nend\n');
    expect(given.exitCode).toBe(0);
  });

  it('lets a wait with a time limit (`read -t`) run out by itself within the grace; a longer one, and vi, are stopped after it', async () => {
    const short = await executor.exec(request('read -r -t 0.5 answer || answer=default; echo "answer: $answer"'));
    expect(short.waitedForInput).toBeUndefined();
    expect(short.stdout).toBe('answer: default\n');
    expect(short.exitCode).toBe(0);
    const long = await executor.exec(request('read -r -t 60 answer; echo "answer: $answer"'));
    expect(long.waitedForInput).toMatch(/^bash \(pid \d+\)$/);
    expect(long.timedOut).toBe(false);
    expect(long.durationMs).toBeLessThan(10_000);
    if (!existsSync('/usr/bin/vi')) return;
    // vi (its input not a terminal) waits on stdin in slices with a time limit.
    const vi = await executor.exec(request(`vi ${path.join(scratch(), 'compose.yml')}`));
    expect(vi.waitedForInput).toMatch(/^vim?\S* \(pid \d+\)$/);
    expect(vi.durationMs).toBeLessThan(15_000);
  });

  it('kills the whole process tree on timeout, leaving no orphans', async () => {
    const marker = `sleep 1000.${process.pid}${Number(server)}1`;
    const started = Date.now();
    const result = await executor.exec(request(`${marker} & ${marker} & ( ${marker} ) & echo started; wait`, { timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(result.stdout).toBe('started\n');
    expect(await eventually(() => processesMatching(marker).length === 0)).toBe(true);
  });

  it('kills with SIGKILL what ignores SIGTERM', async () => {
    const marker = `sleep 1000.${process.pid}${Number(server)}2`;
    const result = await executor.exec(request(`trap "" TERM; ${marker}`, { timeoutMs: 200 }));
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(await eventually(() => processesMatching(marker).length === 0)).toBe(true);
  });

  it('cancels through the abort signal, keeping the previous state', async () => {
    const controller = new AbortController();
    const marker = `sleep 1000.${process.pid}${Number(server)}3`;
    setTimeout(() => controller.abort(), 150);
    const env = testEnv({ KEEP: 'yes' });
    const result = await executor.exec(request(`export KEEP=no; ${marker}`, { signal: controller.signal, env }));
    expect(result.isCanceled).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(result.state.env.KEEP).toBe('yes');
    expect(await eventually(() => processesMatching(marker).length === 0)).toBe(true);
  });

  it('does not wait for background children that keep the output pipes open', async () => {
    const marker = `sleep 1000.${process.pid}${Number(server)}4`;
    const started = Date.now();
    // Declared to outlive its step (else it is stopped when the step ends: process-fences.test.ts).
    const result = await executor.exec(request(`${marker} & echo done`, { step: makeStep({ id: 'bg', command: '', background: true }) }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('done\n');
    expect(Date.now() - started).toBeLessThan(2000);
    execFileSync('pkill', ['-f', marker]);
  });

  it('keeps bounded output of a 50 MB step: head and tail, marked truncated', async () => {
    const small = createBashExecutor({ headBytes: 1024 * 1024, tailBytes: 1024 * 1024, server });
    const before = process.memoryUsage().rss;
    let live = 0;
    const result = await small.exec(
      request('echo FIRST; head -c 50000000 /dev/zero | tr "\\0" x; echo; echo LAST', { onOutput: (_, text) => void (live += text.length) }),
    );
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith('FIRST\n')).toBe(true);
    expect(result.stdout.endsWith('\nLAST\n')).toBe(true);
    expect(result.stdout).toMatch(/bytes of output not kept/);
    expect(result.stdout.length).toBeLessThan(2.2 * 1024 * 1024);
    expect(live).toBeGreaterThan(50_000_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(120 * 1024 * 1024);
    await small.close?.();
  });

  it('runs sh and zsh runbooks in bash too (the session state needs bash)', async () => {
    const sh = createBashExecutor({ shell: 'sh', server });
    try {
      const result = await sh.exec(request('export VIA=$BASH_VERSION; cd /'));
      expect(result.state.env.VIA).toMatch(/^\d+\./);
      expect(result.state.cwd).toBe('/');
    } finally {
      await sh.close?.();
    }
  });

  it("never reads ~/.bashrc, not even where bash takes itself for an ssh session, interactive or not", async () => {
    const home = scratch();
    writeFileSync(path.join(home, '.bashrc'), 'export FROM_BASHRC=yes\n');
    // `SSH_CLIENT` set and no `SHLVL`: a plain `bash -c` sources ~/.bashrc here (where bash is
    // built so, as Debian's is); shown first, so that the checks below can fail.
    const env = testEnv({ HOME: home, SSH_CLIENT: '192.0.2.1 50000 22' });
    const control = execFileSync('bash', ['-c', 'echo "${FROM_BASHRC-unset}"'], { env, encoding: 'utf8' });
    for (const interactive of [false, true]) {
      const result = await executor.exec(request('export STEP=ran', { env, interactive }));
      expect(result.exitCode).toBe(0);
      expect(result.state.env.STEP).toBe('ran');
      expect({ interactive, FROM_BASHRC: result.state.env.FROM_BASHRC }).toEqual({ interactive, FROM_BASHRC: undefined });
    }
    if (control.trim() !== 'yes') console.warn(`this bash does not read ~/.bashrc for an ssh session (${control.trim()}): the check above could not fail here`);
  });

  it('hands the terminal to interactive commands and still carries their state', async () => {
    const dir = scratch();
    const command = `export EDITED=1; touch edited; exit 0 # ${process.pid}${Number(server)}`;
    // Seen twice under twice the suite's load: the new bash still there at the 10 s timeout.
    // What it is doing by then goes into the failure (docs/testing.md).
    let stuck = '';
    const look = setTimeout(() => (stuck = processesMatching(command).flatMap((pid) => [pid, ...childrenOf(pid)]).map(describeProcess).join('\n')), 5000);
    const result = await executor.exec(request(command, { interactive: true, cwd: dir }));
    clearTimeout(look);
    // How it ended, whole: a failure under load says whether it was stopped, and after how long.
    expect({ exitCode: result.exitCode, signal: result.signal, timedOut: result.timedOut, durationMs: result.exitCode === 0 ? 0 : result.durationMs, stuck }).toEqual({
      exitCode: 0,
      signal: null,
      timedOut: false,
      durationMs: 0,
      stuck: '',
    });
    expect(result.stdout).toBe('');
    expect(result.state.env.EDITED).toBe('1');
    expect(existsSync(`${dir}/edited`)).toBe(true);
  });

  it('starts the command only after `ready` returned (the journal syncs there)', async () => {
    const dir = scratch();
    const result = await executor.exec(
      request('cat synced', {
        cwd: dir,
        ready: () => {
          // Slow, like an fsync on a busy disk: a command let go early would find no file.
          const until = Date.now() + 150;
          while (Date.now() < until);
          writeFileSync(path.join(dir, 'synced'), 'yes');
        },
      }),
    );
    expect(result.stdout).toBe('yes');
    expect(result.exitCode).toBe(0);
  });

  it('runs nothing when `ready` stopped the run, and goes on with the next command', async () => {
    const dir = scratch();
    const shell = (await executor.exec(request('echo $$', { cwd: dir, ready: () => {} }))).stdout;
    const controller = new AbortController();
    const result = await executor.exec(request('touch ran', { cwd: dir, signal: controller.signal, ready: () => controller.abort() }));
    expect(result.isCanceled).toBe(true);
    expect(result.exitCode).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
    for (const word of ['one', 'two']) {
      const next = await executor.exec(request(`echo ${word} $$`, { cwd: dir, ready: () => {} }));
      expect(next.stdout).toMatch(new RegExp(`^${word} \\d+\\n$`));
      // The same server: the stopped request left nothing behind for the next one to misread.
      if (server) expect(next.stdout).toBe(`${word} ${shell}`);
    }
  });

  it('runs nothing when `ready` throws (the journal could not sync), and goes on with the next command', async () => {
    const dir = scratch();
    await expect(
      executor.exec(
        request('touch ran', {
          cwd: dir,
          ready: () => {
            throw new Error('ENOSPC: no space left on device, fsync');
          },
        }),
      ),
    ).rejects.toThrow('ENOSPC');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
    for (const word of ['one', 'two']) {
      const next = await executor.exec(request(`echo ${word}`, { cwd: dir, ready: () => {} }));
      expect(next.stdout).toBe(`${word}\n`);
      expect(next.exitCode).toBe(0);
    }
  });

  it('reports a missing working directory as a failed start', async () => {
    const result = await executor.exec(request('true', { cwd: '/nonexistent/dir/for/runbook' }));
    expect(result.exitCode).toBeNull();
    expect(result.stderr).toMatch(/could not start the shell/);
    expect(existsSync('/nonexistent/dir/for/runbook')).toBe(false);
  });

  it('reports 128+N, as bash does, for a shell that a signal ends (its EXIT trap ends the step), with either executor', async () => {
    const result = await executor.exec(request('echo before; false; kill -USR1 $BASHPID; echo after'));
    expect(result.exitCode).toBe(138);
    expect(result.stdout).toBe('before\n');
    const term = await executor.exec(request('kill -TERM $BASHPID; echo after'));
    expect(term.exitCode).toBe(143);
    expect((await executor.exec(request('echo next'))).stdout).toBe('next\n');
  });
});

describe('createBashExecutor: the shell server', () => {
  const executor = createBashExecutor({ killGraceMs: 300 });
  afterAll(() => executor.close?.());

  it('gives each command exactly its environment, adding and removing variables between commands', async () => {
    const env = testEnv({ ONE: '1', GONE: 'soon' });
    const first = await executor.exec(request('echo "$ONE ${GONE-unset}"', { env }));
    expect(first.stdout).toBe('1 soon\n');
    const { GONE: _, ...without } = env;
    const second = await executor.exec(request('echo "$ONE ${GONE-unset} $NEW"', { env: { ...without, NEW: 'multi\nline $(x)' } }));
    expect(second.stdout).toBe('1 unset multi\nline $(x)\n');
  });

  it('runs names a running bash cannot take in a fresh bash', async () => {
    await executor.exec(request('true'));
    const result = await executor.exec(request('env | grep -c "^weird-name=v$"', { env: testEnv({ 'weird-name': 'v' }) }));
    expect(result.stdout).toBe('1\n');
  });

  it('keeps output a background child prints later out of the next command', async () => {
    const first = await executor.exec(request('(sleep 0.2; echo late) & echo first', { step: makeStep({ id: 'bg', command: '', background: true }) }));
    expect(first.stdout).toBe('first\n');
    const second = await executor.exec(request('sleep 0.4; echo second'));
    expect(second.stdout).toBe('second\n');
  });

  it('handles `exec`, NUL bytes and text that looks like its end mark', async () => {
    const replaced = await executor.exec(request('export LOST=1; exec printf "replaced"'));
    expect(replaced).toMatchObject({ exitCode: 0, stdout: 'replaced' });
    expect(replaced.state.env.LOST).toBeUndefined();
    const tricky = await executor.exec(request('printf "a\\0RBEND\\0b\\0"; printf "\\0RB"; sleep 0.05; printf "END-not-it\\n"'));
    expect(tricky.stdout).toBe('a\0RBEND\0b\0\0RBEND-not-it\n');
  });

  it('never writes its end mark into a file the command redirected its output to', async () => {
    const dir = scratch();
    const result = await executor.exec(request('exec >log.txt 2>&1; echo to the log; exec >&-', { cwd: dir }));
    expect(result.exitCode).toBe(0);
    expect(result.durationMs).toBeLessThan(1500);
    expect(readFileSync(path.join(dir, 'log.txt'), 'latin1')).toBe('to the log\n');
  });

  it('makes its FIFOs in $XDG_RUNTIME_DIR, or elsewhere when that is not there', async () => {
    const saved = process.env.XDG_RUNTIME_DIR;
    try {
      const runtime = scratch();
      process.env.XDG_RUNTIME_DIR = runtime;
      const inRuntime = createBashExecutor();
      const listed = await inRuntime.exec(request('ls "$RUNTIME"', { env: testEnv({ RUNTIME: runtime }) }));
      await inRuntime.close?.();
      expect(listed.stdout).toMatch(/^runbook-shell-/);
      process.env.XDG_RUNTIME_DIR = path.join(runtime, 'missing');
      const elsewhere = createBashExecutor();
      expect((await elsewhere.exec(request('echo still runs'))).stdout).toBe('still runs\n');
      await elsewhere.close?.();
    } finally {
      if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved;
    }
  });

  it("started ahead (prepare), runs a command in the operator's environment (with the run's per-command ids), and gives way to a server in the run's when that differs", async () => {
    const saved = process.env.XDG_RUNTIME_DIR;
    const operatorEnv = (): Record<string, string> => {
      const env: Record<string, string> = {};
      for (const name in process.env) if (typeof process.env[name] === 'string') env[name] = process.env[name]!;
      return env;
    };
    // The FIFO the command's stdout is: its path names the server's directory.
    const whereAmI = 'readlink /proc/$BASHPID/fd/1; echo "${AN_INPUT-}"';
    try {
      const runtime = scratch();
      process.env.XDG_RUNTIME_DIR = runtime;
      const same = createBashExecutor();
      same.prepare!();
      const [ahead] = readdirSync(runtime);
      expect(ahead).toMatch(/^runbook-shell-/);
      // The run and step ids every command of a run gets are no reason to give way.
      const ids = await same.exec(request(`${whereAmI}; echo "$RUNBOOK_STEP_ID"`, { env: { ...operatorEnv(), RUNBOOK_RUN_ID: 'r1', RUNBOOK_STEP_ID: 'step-1' } }));
      expect(ids.stdout).toContain(`/${ahead}/o`);
      expect(ids.stdout).toMatch(/\nstep-1\n$/);
      await same.close?.();
      const other = createBashExecutor();
      other.prepare!();
      const [second] = readdirSync(runtime).filter((name) => name !== ahead);
      expect(second).toMatch(/^runbook-shell-/);
      const result = await other.exec(request(whereAmI, { env: { ...operatorEnv(), AN_INPUT: 'given' } }));
      expect(result.stdout).toMatch(/\ngiven\n$/);
      expect(result.stdout).toContain(`${runtime}/runbook-shell-`);
      expect(result.stdout).not.toContain(`/${second}/`);
      await other.close?.();
    } finally {
      if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved;
    }
  });

  it('carries an environment too big for one pipe buffer (its state FIFO is drained while it fills)', async () => {
    const first = await executor.exec(request('export BIG=$(printf "%0200000d" 0); export AFTER=yes'));
    expect(first.exitCode).toBe(0);
    expect(first.state.env.BIG).toHaveLength(200_000);
    expect(first.state.env.AFTER).toBe('yes');
    const second = await executor.exec(request('echo "${#BIG} $AFTER"', { env: first.state.env }));
    expect(second.stdout).toBe('200000 yes\n');
  });

  it("sends a stopped command's late SIGKILL to that command only, not to the next one", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const stopped = await executor.exec(request('sleep 30', { signal: controller.signal }));
    expect(stopped.isCanceled).toBe(true);
    // The SIGKILL of the stop is due 300 ms after its SIGTERM: this command runs across it.
    const next = await executor.exec(request('sleep 0.6; echo survived'));
    expect(next.signal).toBeNull();
    expect(next.stdout).toBe('survived\n');
  });

  it('stops a command whose subshell has not said it took the request: the stop waits for it, and the next command runs as itself', async () => {
    const dir = scratch();
    const shell = (await executor.exec(request('echo $$', { cwd: dir, ready: () => {} }))).stdout;
    for (let round = 0; round < 3; round += 1) {
      // A subshell that `exec`s ends without its trap: the step ends at the server's word that
      // it exited, before the next subshell (forked only then) says it is there.
      expect((await executor.exec(request('exec true', { cwd: dir, ready: () => {} }))).exitCode).toBe(0);
      const controller = new AbortController();
      // Stopped in the same turn of the event loop as its go.
      const stopped = await executor.exec(request('sleep 30', { cwd: dir, signal: controller.signal, ready: () => queueMicrotask(() => controller.abort()) }));
      expect(stopped.isCanceled).toBe(true);
      expect(stopped.exitCode).toBeNull();
      // The stop's SIGKILL is due 300 ms after its SIGTERM: this command runs across it.
      const next = await executor.exec(request('sleep 0.5; echo "after $$"', { cwd: dir, ready: () => {} }));
      expect({ signal: next.signal, exitCode: next.exitCode, stdout: next.stdout }).toEqual({ signal: null, exitCode: 0, stdout: `after ${shell}` });
    }
  });

  it('goes on after a working directory it could not enter (a file), whose go nobody read', async () => {
    const file = path.join(scratch(), 'not-a-directory');
    writeFileSync(file, '');
    const before = await executor.exec(request('echo $$', { ready: () => {} }));
    const failed = await executor.exec(request('echo never', { cwd: file, ready: () => {} }));
    expect(failed.exitCode).toBe(126);
    expect(failed.stdout).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // `$$` is the server's pid: the same server, not one started again after a stray go killed it.
    const next = await executor.exec(request('export AFTER=1; echo $$', { ready: () => {} }));
    expect(next.exitCode).toBe(0);
    expect(next.stdout).toBe(before.stdout);
    expect(next.state.env.AFTER).toBe('1');
  });

  it('keeps going past its first batch of FIFOs', async () => {
    for (let i = 0; i < 140; i++) {
      const result = await executor.exec(request(`echo ${i}`, { cwd: "/tmp" }));
      expect(result.stdout).toBe(`${i}\n`);
    }
  });
});

describe.each([
  ['through the shell server', true],
  ['with a new bash per command', false],
])("createBashExecutor with stdin: 'null' %s", (_, server) => {
  const executor = createBashExecutor({ killGraceMs: 500, server, stdin: 'null' });
  afterAll(() => executor.close?.());

  it('gives steps /dev/null: a read gets end-of-file', async () => {
    const result = await executor.exec(request('cat; read -r answer || echo "[end of file]"'));
    expect(result.waitedForInput).toBeUndefined();
    expect(result.stdout).toBe('[end of file]\n');
    expect(result.exitCode).toBe(0);
  });
});
