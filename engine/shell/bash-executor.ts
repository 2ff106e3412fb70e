/**
 * The live executor: real bash. Commands run in a subshell forked by a long-lived bash (the shell
 * server: a fork per step instead of a new process from Node), or in a new bash of their own for
 * interactive steps and environments the server cannot take. Either way each command has its own
 * process group and exactly the environment and directory it is given, and `export` and `cd`
 * carry over to the next step as in one shell session.
 */
import { cleanEnv } from './spawn/clean-env.js';
import { findProgram } from './spawn/find-program.js';
import { createBashServer } from './server/create-bash-server.js';
import { spawnBash } from './spawn/spawn-bash.js';
import { createHeldStdin } from './spawn/held-stdin.js';
import { createProcessFences } from './terminate/process-fences.js';
import type { Executor } from '../contracts/run-seams.js';
import { execJsStep } from './zx/exec-js-step.js';
import { isJsStep } from './zx/js-step.js';

export interface BashExecutorOptions {
  /** The bash binary; default `bash` (found on the PATH). Not bash (`sh`, `zsh`): bash is used. */
  shell?: string;
  /** Bytes kept from the start and from the end of each stream (default 2 MiB each). */
  headBytes?: number;
  tailBytes?: number;
  /** Time between SIGTERM and SIGKILL when a step is stopped (default 1500 ms). */
  killGraceMs?: number;
  /** Use the shell server (default: when `shell` is plain `bash`); false: a new bash per command. */
  server?: boolean;
  /**
   * How a step's processes are found to stop them (terminate/process-fences.ts): `auto`
   * (default) a cgroup where one is ours to write, else a token in their environment.
   */
  fence?: 'auto' | 'cgroup' | 'environ';
  /**
   * What a step reads on stdin (docs/running.md): `held` (default), a FIFO no one writes, so
   * that a step waiting for input fails as such instead of reading end-of-file; `null`:
   * `/dev/null`. Interactive steps have the terminal.
   */
  stdin?: 'held' | 'null';
  /**
   * With the held stdin: how long a step may wait for input with a time limit (`read -t N`, and
   * vim, which waits in slices) before it is stopped (default 30 s); a wait without one is stopped at once.
   */
  timedInputGraceMs?: number;
  /** Where an interactive step's stdout goes: the terminal (default), or stderr (`run --json`, whose stdout is the summary). */
  interactiveStdout?: 'terminal' | 'stderr';
}

/** The bash a runbook's `shell` setting runs in: the wrapper needs bash (`export -p`, `{fd}>&`). */
export function bashFor(shell: string | undefined): string {
  return shell && /(^|\/)bash[0-9.]*$/.test(shell) ? shell : 'bash';
}

export function createBashExecutor(options: BashExecutorOptions = {}): Executor {
  // Other shells named in a runbook run in bash.
  const shell = bashFor(options.shell);
  const killGraceMs = options.killGraceMs ?? 1500;
  const fences = createProcessFences({ fence: options.fence, killGraceMs });
  const held = options.stdin !== 'null';
  // A custom bash (a launcher, a sandbox) is run once per command, as given. The server's output
  // goes through FIFOs: without `mkfifo` anywhere, each command gets a new bash instead.
  const useServer = options.server ?? shell === 'bash';
  const found = held || useServer ? findProgram('mkfifo', process.env.PATH) : undefined;
  const mkfifo = useServer ? found : undefined;
  const stdin = held ? createHeldStdin(found) : undefined;
  const settings = { shell, killGraceMs, headBytes: options.headBytes, tailBytes: options.tailBytes, fences, stdin, interactiveStdout: options.interactiveStdout, timedInputGraceMs: options.timedInputGraceMs };
  const server = mkfifo ? createBashServer({ ...settings, mkfifo, stdin: held ? 'held' : 'null' }) : undefined;
  return {
    exec(request) {
      const run = (bash: typeof request) => server?.exec(bash) ?? spawnBash(bash, settings);
      // A JS/TS step: its bash runs zx on the step's text (shell/zx/exec-js-step.ts).
      return isJsStep(request.step) ? execJsStep(request, run) : run(request);
    },
    prepare() {
      server?.prepare(cleanEnv(process.env), process.cwd());
    },
    async close() {
      await server?.close();
      await fences.close();
      stdin?.close();
    },
  };
}
