/**
 * The TUI's executor: a step runs in a pseudo-terminal of its own (`spawnPtyBash`) when the
 * terminal can serve it; the other steps go to the executor it wraps (the shell server):
 * `interactive: true` steps (they get the operator's whole terminal), and steps that read
 * stderr or JSON apart from the rest (a terminal has one output stream), or capture a secret
 * (their output is held back until the secret is known, and a terminal shows it as it comes).
 */
import type { Condition, Step } from '../../contracts/step-graph.js';
import type { Executor } from '../../contracts/run-seams.js';
import { openPtyStateChannel, type PtyStateChannel } from './pty-state-channel.js';
import { spawnPtyBash, type PtyStep } from './pty-bash.js';
import { createProcessFences } from '../terminate/process-fences.js';

export interface PtyScreen {
  /** The terminal size a step starts with (the output pane's). */
  size(): { columns: number; rows: number };
  /** A step started in a pty: its raw output comes to `data`; `keys` types to it. */
  started(stepId: string, step: PtyStep): void;
  /** Raw output. `done` is called once the emulator has taken it in (flow control). */
  data(stepId: string, text: string, done: () => void): void;
  /** The step's shell exited; resolves once the screen has taken in all of its output. */
  ended(stepId: string): Promise<void>;
}

export interface PtyExecutorOptions {
  shell: string;
  killGraceMs?: number;
  headBytes?: number;
  tailBytes?: number;
}

/** Output waiting for the emulator beyond this pauses the step (it blocks writing, as in a slow terminal). */
const HIGH_WATER = 1 << 20;
const LOW_WATER = 1 << 18;
/**
 * While paused, how often to check that the shell still lives: node-pty reports the exit only
 * once its terminal is read to the end, and gives up reading a short while after the process
 * ends, so a terminal left paused then would lose the output still in it. Once the shell is
 * gone, the little that is left is read at once.
 */
const EXIT_CHECK_MS = 20;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when the step's checks read only the output as a whole (a terminal has no stderr of its own). */
export function fitsPty(step: Step): boolean {
  if (step.interactive) return false;
  if (step.capture.some((capture) => capture.from === 'stderr' || capture.json !== undefined || step.secret.includes(capture.name))) return false;
  const conditions = [step.expect, step.retry?.until, ...step.branch.map((branch) => branch.when)];
  return !conditions.some((condition) => condition !== undefined && readsApart(condition));
}

function readsApart(condition: Condition): boolean {
  switch (condition.kind) {
    case 'text':
      return condition.stream === 'stderr';
    case 'json':
      return true;
    case 'all':
    case 'any':
      return condition.of.some(readsApart);
    case 'not':
      return readsApart(condition.of);
    default:
      return false;
  }
}

export function createPtyExecutor(inner: Executor, screen: PtyScreen, options: PtyExecutorOptions): Executor {
  let channel: Promise<PtyStateChannel> | undefined;
  const fences = createProcessFences({ killGraceMs: options.killGraceMs ?? 1500 });
  return {
    async exec(request) {
      if (!fitsPty(request.step)) return inner.exec(request);
      channel ??= openPtyStateChannel();
      let opened: PtyStateChannel;
      try {
        opened = await channel;
      } catch {
        // No FIFO here (mkfifo missing): the step runs as it would without the TUI.
        return inner.exec(request);
      }
      const stepId = request.step.id;
      const size = screen.size();
      let pending = 0;
      let paused = false;
      let gone = false;
      let typing: PtyStep | undefined;
      let watch: NodeJS.Timeout | undefined;
      const resume = (): void => {
        paused = false;
        clearInterval(watch);
        typing?.resume();
      };
      const result = await spawnPtyBash(request, {
        shell: options.shell,
        killGraceMs: options.killGraceMs ?? 1500,
        fences,
        headBytes: options.headBytes,
        tailBytes: options.tailBytes,
        channel: opened,
        columns: size.columns,
        rows: size.rows,
        started(step) {
          typing = step;
          screen.started(stepId, step);
        },
        screen(text) {
          pending += text.length;
          if (pending > HIGH_WATER && !paused && !gone && typing) {
            paused = true;
            typing.pause();
            const pid = typing.pid;
            watch = setInterval(() => {
              if (alive(pid)) return;
              gone = true;
              resume();
            }, EXIT_CHECK_MS);
          }
          screen.data(stepId, text, () => {
            pending -= text.length;
            if (paused && pending < LOW_WATER) resume();
          });
        },
      });
      clearInterval(watch);
      await screen.ended(stepId);
      return result;
    },
    prepare() {
      inner.prepare?.();
      channel ??= openPtyStateChannel();
      channel.catch(() => undefined);
    },
    /** Closes what this executor opened (the inner executor is its owner's to close). */
    async close() {
      const opened = await channel?.catch(() => undefined);
      opened?.close();
      await fences.close();
    },
  };
}
