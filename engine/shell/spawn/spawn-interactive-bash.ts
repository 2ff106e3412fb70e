/**
 * An interactive step (`interactive: true`): a new bash that gets the terminal (stdio inherited,
 * the runner's process group, so Ctrl-C reaches it as bash's own), through execa. Nothing of
 * its output is captured; the session state comes back on fd 3 (bash-wrapper.ts). Stopping it
 * (timeout, abort) signals bash itself, then SIGKILL after the grace period, and everything the
 * step started through its fence.
 */
import { execa } from 'execa';
import { INTERACTIVE_WRAPPER, NO_STARTUP_FILES, wrapperState } from './bash-wrapper.js';
import type { SpawnBashOptions } from './spawn-bash.js';
import { canceledBeforeStart, failedToStart, stopFacts, watchStop } from '../terminate/stop-command.js';
import type { ExecRequest, ExecResponse } from '../../contracts/run-seams.js';

export async function spawnInteractiveBash(request: ExecRequest, options: SpawnBashOptions): Promise<ExecResponse> {
  const started = performance.now();
  const previous = { env: request.env, cwd: request.cwd };
  // Nothing to prepare ahead: the journal syncs, then the command starts (unless that refused).
  request.ready?.();
  if (request.signal?.aborted) return canceledBeforeStart(previous, started);
  const fence = options.fences.next();
  const cancel = new AbortController();
  const stop = watchStop(
    request,
    (signal) => {
      fence.signal(signal);
      if (signal === 'SIGTERM') cancel.abort();
    },
    options.killGraceMs,
  );
  const pipefail = request.step.pipefail === false ? '' : 'p';
  const result = await execa(options.shell, [...NO_STARTUP_FILES, '-c', INTERACTIVE_WRAPPER, 'runbook', request.command, fence.joinFile, pipefail], {
    cwd: request.cwd,
    env: { ...request.env, ...fence.env },
    extendEnv: false,
    stdio: ['inherit', options.interactiveStdout === 'stderr' ? 2 : 'inherit', 'inherit', 'pipe'],
    encoding: 'latin1',
    stripFinalNewline: false,
    cancelSignal: cancel.signal,
    forceKillAfterDelay: options.killGraceMs,
    reject: false,
  });
  stop.dispose();
  fence.settle(request.step.background === true, undefined);
  // Not started at all (no such shell, no such directory): execa's message says which.
  if (result.failed && result.exitCode === undefined && result.signal === undefined) return failedToStart(new Error(result.shortMessage), previous, started);
  const state = result.exitCode !== undefined && !stop.stopped ? wrapperState(String(result.stdio[3] ?? ''), request.env) : undefined;
  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    ...stopFacts(stop),
    durationMs: Math.round(performance.now() - started),
    stdout: '',
    stderr: '',
    output: '',
    truncated: false,
    state: state ?? previous,
  };
}
