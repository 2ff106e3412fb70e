/**
 * The rehearsal executor: runs each step's bash as the live executor does (so `export` and
 * `cd` persist, exit codes, timeouts, abort and live output are the same), in a shell where
 * every command the scenario names is a shim function that asks the simulated world, already
 * running in Node, over FIFOs (`shim-functions.ts`, `world-channel.ts`); anything else reaches
 * `command_not_found_handle`, which asks the world too: it answers or refuses (exit 127,
 * "nothing was run"). Passthrough tools run for real.
 *
 * Where Linux namespaces are usable, the rehearsal's shell server runs inside one sandbox for
 * the whole rehearsal (`sandboxed-server.ts`): a step costs a fork, as live. Elsewhere each
 * step is a bash of its own behind a guard, with a warning (docs/rehearsal.md).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBashExecutor } from '../shell/bash-executor.js';
import { shellQuote } from '../shell/quote.js';
import { isShellBuiltin } from '../shell/text/shell-builtins.js';
import type { ExecRequest, ExecResponse, Executor } from '../contracts/run-seams.js';
import type { WorldSnapshot } from '../contracts/run-event.js';
import { isJsStep } from '../shell/zx/js-step.js';
import { answerJsStep } from './answer-js-step.js';
import { createWorld, type World } from './create-world.js';
import { detectSandbox, RehearsalUnavailable, type SandboxSupport } from './detect-sandbox.js';
import { findExecutable } from './find-executable.js';
import { HELD_PASSTHROUGH } from './guard-held-tools.js';
import { preambleSource } from './preamble-source.js';
import { createSandboxedServer } from './sandboxed-server.js';
import type { Scenario } from './scenario.js';
import { INSIDE, insidePath } from './sandbox-script.js';
import { openWorldChannel, SLOTS } from './world-channel.js';

export type Isolation = 'namespaces' | 'guard';

export interface RehearsalExecutorOptions {
  /** The scenario file (for messages). */
  scenarioPath?: string;
  /** `auto` (default): namespaces when usable, else the guard. `RUNBOOK_ISOLATION=guard` forces the guard. */
  isolation?: 'auto' | Isolation;
  /** Told once when the rehearsal runs without namespaces, or a passthrough tool is missing; default: written to stderr. */
  onWarning?: (message: string) => void;
  /** Start from this world (a resumed rehearsal) instead of the scenario's first state. */
  world?: WorldSnapshot;
  /** Scenario time per real time (`--time-scale`): rule delays and `sleep` in steps are divided by it. Default 1. */
  timeScale?: number;
}

export interface RehearsalExecutor extends Executor {
  readonly isolation: Isolation;
  readonly world: World;
  /** Warnings about this rehearsal (no namespaces, missing passthrough tools). */
  readonly warnings: string[];
}

/** Names the executor sets inside the shell; they are not part of the shell state. */
const INTERNAL = ['BASH_ENV', 'RUNBOOK_REHEARSAL_CWD'];

export async function createRehearsalExecutor(scenario: Scenario, options: RehearsalExecutorOptions = {}): Promise<RehearsalExecutor> {
  const wanted = options.isolation ?? (process.env.RUNBOOK_ISOLATION === 'guard' ? 'guard' : 'auto');
  const support: SandboxSupport = wanted === 'guard' ? { available: false, reason: 'asked for (RUNBOOK_ISOLATION=guard)' } : await detectSandbox();
  if (wanted === 'namespaces' && !support.available) throw new RehearsalUnavailable(`rehearsal: namespaces are not usable: ${support.reason}`);
  const isolation: Isolation = support.available ? 'namespaces' : 'guard';
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    if (options.onWarning) options.onWarning(message);
    else process.stderr.write(`runbook: warning: ${message}\n`);
  };
  if (!support.available && wanted !== 'guard') {
    warn(`rehearsal without namespace isolation (${support.reason}): a shell guard stops what it recognizes, but it is not a wall; see docs/rehearsal.md`);
  }
  const bash = support.available ? support.tools.bash : findExecutable('bash');
  if (!bash) throw new RehearsalUnavailable('rehearsal: `bash` was not found');
  const timeScale = options.timeScale ?? 1;

  const scratch = mkdtempSync(join(tmpdir(), 'runbook-rehearsal-'));
  for (const dir of ['run', 'tmp', 'cwd', 'root', 'launch']) mkdirSync(join(scratch, dir), { mode: 0o755 });
  chmodSync(join(scratch, 'run'), 0o700);
  chmodSync(scratch, 0o700);
  const passthrough = findPassthrough(scenario, support.available, warn);
  const world = createWorld(scenario, options.world);
  let channel: ReturnType<typeof openWorldChannel>;
  try {
    channel = openWorldChannel(world, join(scratch, 'run'), { timeScale });
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const names = simulatedNames(scenario, passthrough);
  const shims = { slots: SLOTS, names, timeScale: 'sleep' in passthrough ? timeScale : 1 };

  let run: (request: ExecRequest) => Promise<ExecResponse>;
  let inner: Executor;
  let injected: Record<string, string>;
  /** Lets go of what the rehearsal holds on the host: its shell, the world's channel, the scratch folder. */
  const release = async (): Promise<void> => {
    await inner.close?.();
    channel.close();
    try {
      rmSync(scratch, { recursive: true, force: true });
    } catch {
      // What a step left in its scratch /tmp (a folder without write permission) may not go: it is in the temp dir.
    }
  };
  if (support.available) {
    const server = createSandboxedServer({ scratch, tools: support.tools, passthrough }, preambleSource({ ...shims, channel: INSIDE.channel, guard: false }));
    inner = server;
    injected = { PATH: server.path, HOME: INSIDE.home };
    run = (request) => server.exec(request);
    try {
      await server.ready;
    } catch (error) {
      await release();
      throw error;
    }
  } else {
    mkdirSync(join(scratch, 'pass'));
    mkdirSync(join(scratch, 'held'));
    // Tools the guard holds are off the steps' PATH: only their guard functions reach them.
    for (const [name, path] of Object.entries(passthrough)) symlinkSync(path, join(scratch, HELD_PASSTHROUGH.has(name) ? 'held' : 'pass', name));
    writeFileSync(join(scratch, 'preamble.sh'), preambleSource({ ...shims, channel: join(scratch, 'run'), guard: true, held: join(scratch, 'held') }));
    // The step's bash runs as a job of its own (own process group): when it ends, whatever it
    // left running in the background is killed, and a stop request is passed on to it.
    const shell = join(scratch, 'launch', 'bash');
    writeFileSync(
      shell,
      `#!${bash}\nset -m\nBASH_ENV=${shellQuote(join(scratch, 'preamble.sh'))} ${shellQuote(bash)} "$@" &\njob=$!\ntrap 'kill -TERM -- -$job 2>/dev/null' TERM INT HUP\nwait $job; rc=$?\nwhile kill -0 $job 2>/dev/null; do wait $job; rc=$?; done\nkill -KILL -- -$job 2>/dev/null\nexit $rc\n`,
      { mode: 0o755 },
    );
    // The launcher is named `bash` because the live executor only accepts a shell of that name.
    // Its steps' processes are found by their environment token, not moved into a cgroup: the
    // guard refuses the shell's own write to `cgroup.procs` (a write to a file).
    inner = createBashExecutor({ shell, server: false, fence: 'environ', stdin: 'null' });
    const path = join(scratch, 'pass');
    injected = { PATH: path };
    run = (request) =>
      inner.exec({
        ...request,
        env: { ...request.env, PATH: path, RUNBOOK_REHEARSAL_CWD: insidePath(request.cwd) },
        // A directory that no longer exists must not stop the shell from starting.
        cwd: existsSync(request.cwd) ? request.cwd : scratch,
        interactive: false,
      });
  }
  let closed = false;

  return {
    isolation,
    world,
    warnings,
    async exec(request): Promise<ExecResponse> {
      if (closed) throw new Error('rehearsal executor is closed');
      // A JS/TS step is answered by the scenario's rules, never run (answer-js-step.ts).
      if (isJsStep(request.step)) return answerJsStep(world, request, { timeScale, scenario: scenario.name });
      try {
        const response = await run(request);
        return { ...response, state: { cwd: response.state.cwd, env: restoreEnv(response.state.env, request.env, injected) } };
      } finally {
        channel.releaseAll();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await release();
    },
  };
}

/** The state after a step, without what the executor put in: its PATH and HOME stay outside. */
function restoreEnv(after: Record<string, string>, before: Record<string, string>, injected: Record<string, string>): Record<string, string> {
  const env = { ...after };
  for (const name of INTERNAL) delete env[name];
  for (const name of ['PATH', 'HOME']) {
    if (injected[name] === undefined || env[name] !== injected[name]) continue;
    if (before[name] === undefined) delete env[name];
    else env[name] = before[name]!;
  }
  for (const name of INTERNAL) if (before[name] !== undefined) env[name] = before[name]!;
  return env;
}

/** name → host path of each passthrough tool found on this machine (warning about the others). */
function findPassthrough(scenario: Scenario, sandboxed: boolean, warn: (message: string) => void): Record<string, string> {
  const passthrough: Record<string, string> = {};
  for (const name of scenario.passthrough) {
    const path = findExecutable(name);
    if (path) {
      passthrough[name] = path;
      if (sandboxed && isScript(path)) warn(`rehearsal: passthrough tool \`${name}\` is a script (${path}); its interpreter is not inside the sandbox, so it will fail`);
    } else if (!isShellBuiltin(name)) warn(`rehearsal: passthrough tool \`${name}\` was not found on this machine`);
  }
  return passthrough;
}

/** The first word of every rule that names a command or a program's path (not a glob, not `..`). */
function simulatedNames(scenario: Scenario, passthrough: Record<string, string>): Set<string> {
  const names = new Set<string>();
  for (const rule of scenario.rules) {
    const first = rule.run.split(' ')[0] ?? '';
    if (first === '' || first.includes('*') || first in passthrough || /(^|\/)\.\.(\/|$)/.test(first)) continue;
    names.add(first);
  }
  return names;
}

function isScript(path: string): boolean {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('latin1') === '#!';
}

