/**
 * One command on a running shell server: its FIFOs, its request, its go (or refusal), its
 * stopping, and its result once its subshell's EXIT trap gave the last word.
 */
import { createOutputCollector, type OutputLimits } from '../io/create-output-collector.js';
import { mayChangeShellState } from '../text/may-change-shell-state.js';
import { readShellState } from '../state/read-shell-state.js';
import type { ProcessFences } from '../terminate/process-fences.js';
import { failedToStart, killTree, signalName, stopFacts, watchStop, type StopWatch } from '../terminate/stop-command.js';
import { sendToServer as send, type Server } from './server-process.js';
import { envChanges, unchangedState } from './server-protocol.js';
import type { ExecRequest, ExecResponse } from '../../contracts/run-seams.js';

/**
 * How long a command's output may wait in its FIFOs before it is streamed: a command that ends
 * sooner has them read once, at its end. Up to a pipe's worth (64 KiB) waits that long.
 */
const LIVE_AFTER_MS = 5;

/** How often the state FIFO is drained between the trap's start and the exit status (a huge state fills it). */
const STATE_DRAIN_MS = 10;

let nonces = 0;

export interface RunOnServerOptions extends OutputLimits {
  killGraceMs: number;
  fences: ProcessFences;
  /** How long a step may wait for input with a time limit (`read -t`) before it is stopped. */
  timedInputGraceMs?: number | undefined;
}

type TakenState = { exported: string; cwd: string } | undefined | 'unchanged';

export async function runOnServer(target: Server, request: ExecRequest, started: number, options: RunOnServerOptions): Promise<ExecResponse> {
  const previous = { env: request.env, cwd: request.cwd };
  const index = await target.fifos.pair();
  if (index === undefined || target.dead) return failedToStart(new Error('the shell server stopped'), previous, started);

  const fence = options.fences.next();
  const ops = envChanges(target.env, { ...request.env, ...fence.env });
  // Not a secret, only unlikely to be printed by accident (and `crypto` costs startup time).
  const nonce = `${(nonces += 1).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  // A command that cannot change the session state leaves it as it found it, unread.
  const dumpState = mayChangeShellState(request.command);
  const mark = Buffer.from(`\0RBEND${nonce}\0`, 'latin1');
  const collector = createOutputCollector(request, options);
  const streams = target.fifos.open(index);
  streams[0]!.start(mark, collector, 'stdout');
  streams[1]!.start(mark, collector, 'stderr');

  // This command's subshell, known once it said it has taken this request (`S`): a stop before
  // then is sent at that word, never to a subshell that may not have read all of its request.
  // Bound per command, so a SIGKILL after the grace period cannot hit the next one.
  let pid: number | undefined;
  let deferredKill: NodeJS.Signals | undefined;
  // Stopped before its go, the subshell is refused instead (`N` for a go): it may still be
  // reading the request, and a signal then would leave the rest of it for the next subshell.
  let phase: 'unsent' | 'sent' | 'gone' = 'unsent';
  let refused = false;
  let readyFailed: { error: unknown } | undefined;
  const refuse = (): void => {
    if (refused) return;
    refused = true;
    if (phase === 'sent') send(target, ['N']);
  };
  const stop = watchStop(
    request,
    (signal) => {
      if (phase !== 'gone') refuse();
      else {
        fence.signal(signal);
        if (pid === undefined) deferredKill = signal;
        else killTree(pid, signal);
      }
    },
    options.killGraceMs,
    { identity: target.stdinIdentity, timedGraceMs: options.timedInputGraceMs },
  );
  let drain: NodeJS.Timeout | undefined;
  const exited = new Promise<{ status: number; state: TakenState }>((resolve) => {
    target.onReply = (reply) => {
      if (reply.kind === 'S') {
        pid = reply.pid;
        if (deferredKill) killTree(pid, deferredKill);
      } else if (reply.kind === 'E') {
        if (dumpState) drain = setInterval(() => target.state.read(), STATE_DRAIN_MS);
      } else if (reply.kind === 'D') {
        // The trap's last word, after the state: the step ends here, without waiting for the
        // subshell to exit and the server to reap it (its `X` follows, and is skipped).
        const state = dumpState ? (target.state.read(), target.state.take(nonce)) : 'unchanged';
        if (!state) return;
        target.onReply = undefined;
        target.staleExits += 1;
        resolve({ status: reply.status, state });
      } else {
        // No `D`: killed (SIGKILL), `exec`ed, the server gone, or a directory it could not enter.
        target.onReply = undefined;
        target.state.read();
        resolve({ status: reply.status, state: target.state.take(nonce) });
      }
    };
  });
  const pipefail = request.step.pipefail === false ? '' : 'p';
  send(target, ['R', nonce, String(index), dumpState ? 's' : '', fence.joinFile, pipefail, request.cwd, request.command, String(ops.length), ...ops]);
  phase = 'sent';
  if (refused) send(target, ['N']);
  else if (request.ready) {
    // The subshell prepares (reads the request, opens its FIFOs, changes directory) while the
    // journal syncs; the command waits for the go. Not on disk (a full disk), the command
    // must not run: refused, and the error thrown once its subshell has exited (it may still
    // be opening its FIFOs, which must have their reader until then).
    try {
      request.ready();
    } catch (error) {
      readyFailed = { error };
      refuse();
    }
  }
  if (!refused) {
    send(target, ['G']);
    phase = 'gone';
  }
  // While the command runs, open the next command's FIFOs; still running a moment later, its
  // output is streamed as it comes.
  setImmediate(() => target.fifos.prepareNext());
  const live = setTimeout(() => {
    for (const stream of streams) stream.live();
  }, LIVE_AFTER_MS);
  const { status, state } = await exited;
  // What the step left running is let go (declared `background`) or stopped.
  fence.settle(request.step.background === true, pid);
  clearTimeout(live);
  clearInterval(drain);
  stop.exited();
  // The end marks were written before the state: with the state, wait for them; without (killed,
  // `exec`), take what is there within a moment; refused, nothing ran.
  await Promise.all(streams.map((stream) => stream.ended(refused ? 0 : state ? 2000 : 100)));
  stop.dispose();
  // Closed and removed at the next turn of the event loop, by then (for a step followed by
  // another) after the next request went out: they are done, and off the step's path.
  target.fifos.retire(streams);
  if (readyFailed) throw readyFailed.error;

  return {
    ...outcome(status, state, refused, stop),
    ...stopFacts(stop),
    durationMs: Math.round(performance.now() - started),
    ...collector.retained(),
    state: !state || stop.stopped ? previous : state === 'unchanged' ? unchangedState(request) : readShellState(state.exported, state.cwd, request.env),
  };
}

/**
 * Exit code or signal. Killed: the server died (-1), we stopped it (bash runs the EXIT trap on
 * SIGTERM, then dies of it), or it ended with 128+N without its EXIT trap; refused: neither.
 */
function outcome(status: number, state: TakenState, refused: boolean, stop: StopWatch): Pick<ExecResponse, 'exitCode' | 'signal'> {
  const killed = refused || status === -1 || (status > 128 && (!state || stop.stopped));
  const signal = refused ? null : status === -1 ? 'SIGKILL' : killed ? (signalName(status - 128) ?? null) : null;
  return { exitCode: killed ? null : status, signal };
}
