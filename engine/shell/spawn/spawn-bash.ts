/**
 * One command in a new `bash` process of its own process group (used for environments the shell
 * server cannot take, and when the server is off; interactive steps: spawn-interactive-bash.ts).
 * A tiny wrapper (bash-wrapper.ts) `eval`s the command and, on exit, writes `export -p` and
 * `$PWD` to a private pipe. Nothing is written to disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createOutputCollector, type OutputLimits } from '../io/create-output-collector.js';
import { END_MARK, NO_STARTUP_FILES, WRAPPER, wrapperState } from './bash-wrapper.js';
import { spawnInteractiveBash } from './spawn-interactive-bash.js';
import type { ProcessFences } from '../terminate/process-fences.js';
import type { HeldStdin } from './held-stdin.js';
import { canceledBeforeStart, failedToStart, signalName, stopFacts, watchFencedStop } from '../terminate/stop-command.js';
import type { ExecRequest, ExecResponse } from '../../contracts/run-seams.js';

export interface SpawnBashOptions extends OutputLimits {
  shell: string;
  killGraceMs: number;
  fences: ProcessFences;
  /** The steps' stdin when not `/dev/null`: a FIFO no one writes (held-stdin.ts). */
  stdin?: HeldStdin;
  /** How long a step may wait for input with a time limit (`read -t`) before it is stopped. */
  timedInputGraceMs?: number | undefined;
  /** An interactive step's stdout: the terminal (default) or stderr. */
  interactiveStdout?: 'terminal' | 'stderr' | undefined;
}

export function spawnBash(request: ExecRequest, options: SpawnBashOptions): Promise<ExecResponse> {
  if (request.interactive) return spawnInteractiveBash(request, options);
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
    const stdin = options.stdin?.open();
    let child: ChildProcess;
    try {
      child = spawn(options.shell, [...NO_STARTUP_FILES, '-c', WRAPPER, 'runbook', request.command, fence.joinFile, pipefail], {
        cwd: request.cwd,
        env: { ...request.env, ...fence.env },
        detached: true,
        stdio: [stdin?.fd ?? 'ignore', 'pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      fence.settle(false, undefined);
      resolve(failedToStart(error, previous, started));
      return;
    }
    const stop = watchFencedStop(request, fence, child, options.killGraceMs, { identity: stdin?.identity, timedGraceMs: options.timedInputGraceMs });
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
      // Stopped (timeout, abort, a wait for input): the shell traps the signal and exits 128+N; report the signal.
      const stopped = stop.stopped && code !== null && code > 128;
      const exitCode = stopped ? null : code;
      const signal = stopped ? (signalName(code - 128) ?? null) : bashSignal;
      for (const stream of [child.stdout, child.stderr, stateStream]) stream?.destroy();
      const normalExit = exitCode !== null && !stop.stopped;
      resolve({
        exitCode,
        signal,
        ...stopFacts(stop),
        durationMs: Math.round(performance.now() - started),
        ...collector.retained(),
        state: (normalExit && wrapperState(stateText, request.env)) || previous,
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
