/**
 * The rehearsal executor: runs each step's bash exactly as the live executor does (same
 * wrapper, so `export` and `cd` persist, exit codes, timeouts, abort and live output are the
 * same), but in a shell whose PATH holds only shims (one per command the scenario answers,
 * each asking the simulated world over a Unix socket) and the passthrough tools. Anything else
 * reaches `command_not_found_handle`, which asks the world too: it answers or refuses (exit
 * 127, "nothing was run").
 *
 * Where Linux namespaces are usable, every step runs in new user, mount, network and PID
 * namespaces with a read-only view of the system and no program directories (see
 * `sandboxScript`); elsewhere a bash guard stands in, with a warning (docs/rehearsal.md).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { createBashExecutor } from '../shell/bash-executor.js';
import type { ExecResponse, Executor } from '../contracts/run-seams.js';
import { createWorld, type World } from './create-world.js';
import { detectSandbox, type SandboxSupport } from './detect-sandbox.js';
import { findExecutable } from './find-executable.js';
import { preambleSource } from './preamble-source.js';
import { INSIDE, sandboxScript } from './sandbox-script.js';
import type { Scenario } from './scenario.js';
import { serveWorld } from './serve-world.js';
import { shimSource } from './shim-source.js';
import type { WorldSnapshot } from '../contracts/run-event.js';
import { shellQuote } from '../shell/quote.js';
import { isShellBuiltin } from '../shell/text/shell-builtins.js';

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
}

export interface RehearsalExecutor extends Executor {
  readonly isolation: Isolation;
  readonly world: World;
  /** Warnings about this rehearsal (no namespaces, missing passthrough tools). */
  readonly warnings: string[];
}

/** Names the executor sets inside the shell; they are not part of the shell state. */
const INTERNAL = ['BASH_ENV', 'RUNBOOK_WORLD_SOCKET', 'RUNBOOK_REHEARSAL_CWD'];

export async function createRehearsalExecutor(scenario: Scenario, options: RehearsalExecutorOptions = {}): Promise<RehearsalExecutor> {
  const wanted = options.isolation ?? (process.env.RUNBOOK_ISOLATION === 'guard' ? 'guard' : 'auto');
  const support: SandboxSupport = wanted === 'guard' ? { available: false, reason: 'asked for (RUNBOOK_ISOLATION=guard)' } : await detectSandbox();
  if (wanted === 'namespaces' && !support.available) throw new Error(`rehearsal: namespaces are not usable: ${support.reason}`);
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
  if (!bash) throw new Error('rehearsal: `bash` was not found');
  const scratch = mkdtempSync(join(tmpdir(), 'runbook-rehearsal-'));
  for (const dir of ['shims', 'run', 'tmp', 'cwd', 'root', 'launch']) mkdirSync(join(scratch, dir), { mode: 0o755 });
  chmodSync(scratch, 0o700);

  const passthrough: Record<string, string> = {};
  for (const name of scenario.passthrough) {
    const path = findExecutable(name);
    if (path) {
      passthrough[name] = path;
      if (support.available && isScript(path)) warn(`rehearsal: passthrough tool \`${name}\` is a script (${path}); its interpreter is not inside the sandbox, so it will fail`);
    }
    else if (!isShellBuiltin(name)) warn(`rehearsal: passthrough tool \`${name}\` was not found on this machine`);
  }

  const nodeInside = support.available ? INSIDE.node : process.execPath;
  const writeExecutable = (path: string, text: string): void => writeFileSync(path, text, { mode: 0o755 });
  for (const name of simulatedNames(scenario)) {
    if (name in passthrough) continue;
    writeExecutable(join(scratch, 'shims', name), shimSource(nodeInside, name));
  }
  writeExecutable(join(scratch, 'world'), shimSource(nodeInside));
  const socketHost = join(scratch, 'run', 'world.sock');
  const world = createWorld(scenario, options.world);
  const server: Server = await serveWorld(world, socketHost);

  let shell: string;
  let pathInside: string;
  let home: string | undefined;
  if (support.available) {
    writeFileSync(join(scratch, 'preamble.sh'), preambleSource({ world: INSIDE.world, guard: false }));
    const pathShims: Record<string, string> = {};
    mkdirSync(join(scratch, 'path-shims'));
    [...simulatedPaths(scenario)].forEach((path, i) => {
      pathShims[path] = join(scratch, 'path-shims', String(i));
      writeExecutable(pathShims[path]!, shimSource(INSIDE.node, path));
    });
    writeFileSync(join(scratch, 'sandbox.sh'), sandboxScript({ scratch, tools: support.tools, node: process.execPath, passthrough, pathShims }));
    shell = join(scratch, 'launch', 'bash');
    writeExecutable(
      shell,
      `#!${support.tools.bash}\nexec ${support.tools.unshare} --user --map-root-user --mount --net --pid --fork --kill-child -- ${support.tools.bash} ${join(scratch, 'sandbox.sh')} "$@"\n`,
    );
    pathInside = `${INSIDE.shims}:${INSIDE.pass}`;
    home = INSIDE.home;
  } else {
    mkdirSync(join(scratch, 'pass'));
    for (const [name, path] of Object.entries(passthrough)) symlinkSync(path, join(scratch, 'pass', name));
    writeFileSync(join(scratch, 'preamble.sh'), preambleSource({ world: join(scratch, 'world'), guard: true }));
    // The step's bash runs as a job of its own (own process group): when it ends, whatever it
    // left running in the background is killed, and a stop request is passed on to it.
    shell = join(scratch, 'launch', 'bash');
    writeExecutable(
      shell,
      `#!${bash}\nset -m\nBASH_ENV=${shellQuote(join(scratch, 'preamble.sh'))} ${shellQuote(bash)} "$@" &\njob=$!\ntrap 'kill -TERM -- -$job 2>/dev/null' TERM INT HUP\nwait $job; rc=$?\nwhile kill -0 $job 2>/dev/null; do wait $job; rc=$?; done\nkill -KILL -- -$job 2>/dev/null\nexit $rc\n`,
    );
    pathInside = `${join(scratch, 'shims')}:${join(scratch, 'pass')}`;
  }

  // The launcher is named `bash` because the live executor only accepts a shell of that name.
  const inner = createBashExecutor({ shell, server: false });
  let closed = false;

  return {
    isolation,
    world,
    warnings,
    async exec(request): Promise<ExecResponse> {
      if (closed) throw new Error('rehearsal executor is closed');
      const env: Record<string, string> = {
        ...request.env,
        PATH: pathInside,
        RUNBOOK_WORLD_SOCKET: support.available ? INSIDE.socket : socketHost,
        RUNBOOK_REHEARSAL_CWD: posix.normalize(request.cwd).replace(/(.)\/$/, '$1'),
      };
      if (home) env.HOME = home;
      const response = await inner.exec({
        ...request,
        env,
        // Inside the sandbox the preamble moves to the step's directory; without it, a
        // directory that no longer exists must not stop the shell from starting.
        cwd: support.available || !existsSync(request.cwd) ? scratch : request.cwd,
        interactive: false,
      });
      return { ...response, state: { cwd: response.state.cwd, env: restoreEnv(response.state.env, request.env, env) } };
    },
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      try {
        rmSync(scratch, { recursive: true, force: true });
      } catch {
        // What a step left in its scratch /tmp (a folder without write permission) may not go: it is in the temp dir.
      }
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

/** The first word of every rule whose glob starts with a literal command name. */
function simulatedNames(scenario: Scenario): Set<string> {
  const names = new Set<string>();
  for (const rule of scenario.rules) {
    const first = rule.run.split(' ')[0] ?? '';
    if (/^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/.test(first)) names.add(first);
  }
  return names;
}

/** First words of rules that name a program by its path (`./scripts/deploy.sh`, `/opt/app/bin/ctl`). */
function simulatedPaths(scenario: Scenario): Set<string> {
  const paths = new Set<string>();
  for (const rule of scenario.rules) {
    const first = rule.run.split(' ')[0] ?? '';
    if (first.includes('/') && !first.includes('*') && !/(^|\/)\.\.(\/|$)/.test(first)) paths.add(first);
  }
  return paths;
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
