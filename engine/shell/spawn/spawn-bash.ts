/**
 * One command in a new `bash` process of its own process group (used for interactive steps,
 * environments the shell server cannot take, and when the server is off). A tiny wrapper `eval`s
 * the command and, on exit, writes `export -p` and `$PWD` to a private pipe (fd 3, moved to a high
 * fd so the command never sees it). Nothing is written to disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createOutputCollector, type OutputLimits } from '../io/create-output-collector.js';
import { readShellState } from '../state/read-shell-state.js';
import type { ProcessFences } from '../terminate/process-fences.js';
import { FATAL_SIGNAL_TRAPS, canceledBeforeStart, failedToStart, killTree, signalName, watchStop } from '../terminate/stop-command.js';
import type { ExecRequest, ExecResponse } from '../../contracts/run-seams.js';

const END_MARK = '\0__RUNBOOK_STATE_END__\0';

/**
 * `$1` is the command, `$2` the `cgroup.procs` file to move into first ('' for none), `$3` `p`
 * for `set -o pipefail`; the EXIT trap turns tracing off out of sight (a step's `set -x` never
 * shows the runner's trap), reports the state and exits with the command's status. A shell a
 * signal ends exits 128+N, as the server's subshell does (`FATAL_SIGNAL_TRAPS`); not an
 * interactive step's, which has the terminal and whose Ctrl-C stays bash's own.
 */
function wrapper(interactive: boolean): string {
  return [
    '[[ -z $2 ]] || builtin echo "$BASHPID" 2>/dev/null >"$2"',
    'exec {__runbook_fd}>&3 3>&-',
    `__runbook_end() { { builtin export -p; builtin printf "\\0%s${END_MARK.replaceAll('\0', '\\0')}" "$PWD"; } >&$__runbook_fd 2>/dev/null; builtin exit $__runbook_status; }`,
    `trap '{ __runbook_status=$?; set +xv; } 2>/dev/null; __runbook_end' EXIT`,
    ...(interactive ? [] : [FATAL_SIGNAL_TRAPS]),
    '__runbook_command=$1',
    '[[ -z $3 ]] || set -o pipefail',
    'set --',
    'eval "$__runbook_command"',
  ].join('\n');
}
const WRAPPER = wrapper(false);
const INTERACTIVE_WRAPPER = wrapper(true);

export interface SpawnBashOptions extends OutputLimits {
  shell: string;
  killGraceMs: number;
  fences: ProcessFences;
}

export function spawnBash(request: ExecRequest, options: SpawnBashOptions): Promise<ExecResponse> {
  return new Promise<ExecResponse>((resolve) => {
    const started = performance.now();
    const previous = { env: request.env, cwd: request.cwd };
    const collector = createOutputCollector(request, options);
    let stateText = '';
    let settled = false;

    // Nothing to prepare ahead: the journal syncs, then the command starts (unless that refused).
    request.ready?.();
    if (request.signal?.aborted) {
      resolve(canceledBeforeStart(previous, started));
      return;
    }
    const fence = options.fences.next();
    const pipefail = request.step.pipefail === false ? '' : 'p';
    let child: ChildProcess;
    try {
      child = spawn(options.shell, ['-c', request.interactive ? INTERACTIVE_WRAPPER : WRAPPER, 'runbook', request.command, fence.joinFile, pipefail], {
        cwd: request.cwd,
        env: { ...request.env, ...fence.env },
        detached: !request.interactive,
        stdio: request.interactive ? ['inherit', 'inherit', 'inherit', 'pipe'] : ['ignore', 'pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      fence.settle(false, undefined);
      resolve(failedToStart(error, previous, started));
      return;
    }
    const stop = watchStop(
      request,
      (signal) => {
        fence.signal(signal);
        killTree(child.pid, signal, !request.interactive);
      },
      options.killGraceMs,
    );
    child.once('exit', () => {
      stop.exited();
      // What the step left running is let go (declared `background`) or stopped.
      fence.settle(request.step.background === true, undefined);
    });

    const listen = (stream: Readable | null, name: 'stdout' | 'stderr'): void => {
      stream?.on('data', (chunk: Buffer) => collector.push(name, chunk));
      stream?.on('end', () => collector.end(name));
    };
    listen(child.stdout, 'stdout');
    listen(child.stderr, 'stderr');
    const stateStream = child.stdio[3] as Readable | null;
    stateStream?.setEncoding('latin1');
    stateStream?.on('data', (chunk: string) => {
      stateText += chunk;
    });

    const finish = (code: number | null, bashSignal: string | null): void => {
      if (settled) return;
      settled = true;
      stop.dispose();
      // Stopped (timeout, abort): the shell traps the signal and exits 128+N; report the signal.
      const stopped = (stop.timedOut || stop.isCanceled) && code !== null && code > 128;
      const exitCode = stopped ? null : code;
      const signal = stopped ? (signalName(code - 128) ?? null) : bashSignal;
      for (const stream of [child.stdout, child.stderr, stateStream]) stream?.destroy();
      const normalExit = exitCode !== null && !stop.timedOut && !stop.isCanceled;
      const end = stateText.indexOf(END_MARK);
      const body = end === -1 ? '' : Buffer.from(stateText.slice(0, end), 'latin1').toString('utf8');
      const separator = body.lastIndexOf('\0');
      resolve({
        exitCode,
        signal,
        timedOut: stop.timedOut,
        isCanceled: stop.isCanceled,
        durationMs: Math.round(performance.now() - started),
        ...collector.retained(),
        state:
          normalExit && separator !== -1 ? readShellState(body.slice(0, separator), body.slice(separator + 1), request.env) : previous,
      });
    };

    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      stop.dispose();
      resolve(failedToStart(error, previous, started));
    });

    child.on('exit', (code, signal) => {
      // Wait for the pipes to drain (background children may hold them open: not for long).
      const open = [child.stdout, child.stderr].filter((stream): stream is Readable => stream !== null && !stream.readableEnded);
      const stateDone = (): boolean => stateText.includes(END_MARK) || stateStream === null || stateStream.readableEnded;
      if (open.length === 0 && stateDone()) {
        finish(code, signal);
        return;
      }
      const grace = setTimeout(() => finish(code, signal), 200);
      const check = (): void => {
        if (open.every((stream) => stream.readableEnded) && stateDone()) {
          clearTimeout(grace);
          finish(code, signal);
        }
      };
      for (const stream of open) stream.once('end', check);
      stateStream?.on('data', check);
      stateStream?.once('end', check);
      check();
    });
  });
}
