/**
 * The rehearsal's shell server inside one namespace sandbox: the live executor's bash server
 * (one fork per step), started through `unshare` and the sandbox script, which set up the
 * sandbox once. The server lives in a PID namespace of its own, so the pids it knows are not
 * the host's: this wrapper stops steps itself (timeouts, aborts), by their host pids
 * (`sandbox-processes.ts`), and after each step kills whatever the step left running.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createBashExecutor } from '../shell/bash-executor.js';
import { watchStop } from '../shell/terminate/stop-command.js';
import { shellQuote } from '../shell/quote.js';
import { findExecutable } from './find-executable.js';
import type { ExecRequest, ExecResponse, Executor } from '../contracts/run-seams.js';
import type { Step } from '../contracts/step-graph.js';
import { RehearsalUnavailable, type SandboxTools } from './detect-sandbox.js';
import { ENTER_STEP } from './preamble-source.js';
import { sandboxProcesses } from './sandbox-processes.js';
import { fillSandboxFolder, INSIDE, insidePath, sandboxScript } from './sandbox-script.js';

/** The namespaces the sandbox gets: user (its root is the operator), mount, network and PID. */
const UNSHARE = ['--user', '--map-root-user', '--mount', '--net', '--pid', '--fork', '--kill-child'];
/** Time between SIGTERM and SIGKILL when a step is stopped. */
const KILL_GRACE_MS = 1500;
/** The server's own timer never fires: this wrapper stops steps. */
const NEVER_MS = 2 ** 31 - 1;

export interface SandboxedServer extends Executor {
  exec(request: ExecRequest): Promise<ExecResponse>;
  /** Settles once the sandbox is set up and its server answers (a first, empty command has run); rejects, saying why, when it could not be. */
  readonly ready: Promise<void>;
  /** The PATH steps get: the passthrough tools, then the host folder of `mkfifo` (the server
   * starts it, outside, in the server's environment; inside, that folder is an empty tmpfs). */
  readonly path: string;
}

export function createSandboxedServer(layout: { scratch: string; tools: SandboxTools; passthrough: Record<string, string> }, preamble: string): SandboxedServer {
  // The kernel lists mounts by real paths: the script compares them with the scratch folder's.
  const scratch = realpathSync(layout.scratch);
  const { tools } = layout;
  const real = { ...layout, scratch };
  // Set up below, in the directory the run starts in.
  const root = fillSandboxFolder(real, preamble, insidePath(process.cwd()));
  writeFileSync(join(scratch, 'sandbox.sh'), sandboxScript(real, root));
  // The launcher is named `bash` because the live executor only accepts a shell of that name.
  const shell = join(scratch, 'launch', 'bash');
  writeFileSync(
    shell,
    `#!${tools.bash}\nexec ${[tools.unshare, ...UNSHARE, '--', tools.bash, join(scratch, 'sandbox.sh')].map((word) => shellQuote(word)).join(' ')} "$@"\n`,
    { mode: 0o755 },
  );
  const inner = createBashExecutor({ shell, server: true, stdin: 'null' });
  const processes = sandboxProcesses(join(scratch, 'server.pid'));
  const mkfifo = findExecutable('mkfifo');
  const path = mkfifo ? `${INSIDE.pass}:${dirname(mkfifo)}` : INSIDE.pass;

  const server: SandboxedServer = {
    path,
    ready: Promise.resolve(),
    async exec(request) {
      const env = { ...request.env, PATH: path, HOME: INSIDE.home, RUNBOOK_REHEARSAL_CWD: insidePath(request.cwd) };
      let stopped: NodeJS.Signals | undefined;
      let ended = false;
      const stop = watchStop(
        request,
        (signal) => {
          // A SIGKILL still pending once the step has ended would reach the next step's processes.
          if (ended) return;
          stopped = signal;
          processes.signalSteps(signal);
        },
        KILL_GRACE_MS,
      );
      try {
        const response = await inner.exec({
          ...request,
          env,
          // Host side, only a directory that exists; inside, the command moves to the step's.
          cwd: '/',
          command: ENTER_STEP + request.command,
          timeoutMs: NEVER_MS,
          signal: undefined,
          interactive: false,
        });
        if (!stopped) return response;
        return { ...response, exitCode: null, signal: stopped, timedOut: stop.timedOut, isCanceled: stop.isCanceled, state: { env: request.env, cwd: request.cwd } };
      } finally {
        ended = true;
        stop.dispose();
        // Nothing a step started outlives it.
        processes.signalSteps('SIGKILL');
      }
    },
    async close() {
      await server.ready.catch(() => undefined);
      // The server's stop (end of its input, SIGTERM to `unshare`, which blocks it while it
      // waits) is not relied on: its PID namespace ends with it.
      processes.killAll();
      await inner.close?.();
    },
  };
  // Set up now, before the drill's clock starts, in the directory the run starts in; a clean
  // environment (the steps' own is applied to each of them).
  const setup = server.exec({ step: { id: 'sandbox-setup' } as Step, command: ':', env: { PATH: path, HOME: INSIDE.home, LANG: 'C.UTF-8' }, cwd: process.cwd(), timeoutMs: 60_000, interactive: false });
  Object.assign(server, { ready: setup.then((response) => setupFailed(response, join(scratch, 'setup.log'))) });
  return server;
}

/** The first, empty command did not run: the setup script failed (its log says why), and no step may run. */
function setupFailed(response: ExecResponse, log: string): void {
  if (response.exitCode === 0) return;
  let said = '';
  try {
    said = readFileSync(log, 'utf8').trim();
  } catch {
    // none written
  }
  const how = response.signal ? `killed by ${response.signal}` : `exit ${response.exitCode}`;
  throw new RehearsalUnavailable(`rehearsal: the sandbox could not be set up (${how})${said ? `: ${said}` : ''}`);
}
