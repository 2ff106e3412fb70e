/**
 * A full-screen program's terminal grows from the output pane's size to the whole terminal's. The
 * SIGWINCH that tells it is sent once the program has settled (its session idle, waiting for the
 * operator: `sessionIdle`), not while it starts: less, resized while it reads its input, shows
 * "...skipping..." and an empty screen; resized as a key arrives, it drops the key. Keys typed
 * before the program has drawn itself at its new size (and settled again) wait for that; Ctrl-C
 * does not wait.
 */

/** Output this long quiet, and the session idle: the program has settled. */
const SETTLE_QUIET_MS = 30;
const SETTLE_POLL_MS = 20;
/** A program that never looks idle (a busy pipeline) is resized after this long all the same. */
const SETTLE_LIMIT_MS = 1500;
/** Keys wait at most this long for the program to redraw at its new size. */
const REDRAW_LIMIT_MS = 300;

const CTRL_C = '\u0003';

export interface SettleOptions {
  /** Whether the session is idle (undefined: the system cannot tell; the output's quiet decides). */
  idle(): boolean | undefined;
  /** Gives the program the whole terminal. */
  resize(): void;
  /** Keys to the program. */
  write(keys: string): void;
}

export interface FullScreenSettle {
  /** The operator's keys: to the program, or held until it has redrawn. */
  keys(data: string): void;
  /** The program wrote output. */
  output(): void;
  /** The program left the alternate screen (or ended): timers stop; keys not given are dropped (they were for it). */
  stop(): void;
}

export function settleFullScreen(options: SettleOptions): FullScreenSettle {
  let phase: 'settling' | 'redrawing' | 'live' = 'settling';
  let held: string[] = [];
  const started = Date.now();
  let lastOutput = started;
  let resizedAt = 0;
  let timer: NodeJS.Timeout | undefined;

  const goLive = (): void => {
    clearTimeout(timer);
    phase = 'live';
    const keys = held.join('');
    held = [];
    if (keys !== '') options.write(keys);
  };
  const settled = (now: number): boolean => now - lastOutput >= SETTLE_QUIET_MS && options.idle() !== false;
  const poll = (): void => {
    const now = Date.now();
    if (phase === 'settling' && (now - started >= SETTLE_LIMIT_MS || settled(now))) {
      phase = 'redrawing';
      resizedAt = now;
      options.resize();
    } else if (phase === 'redrawing' && (now - resizedAt >= REDRAW_LIMIT_MS || (lastOutput > resizedAt && settled(now)))) {
      return goLive();
    }
    timer = setTimeout(poll, SETTLE_POLL_MS);
  };
  timer = setTimeout(poll, SETTLE_POLL_MS);

  return {
    keys(data) {
      if (phase === 'live') return options.write(data);
      held.push(data);
      // Ctrl-C never waits: the program gets its size and every key now.
      if (!data.includes(CTRL_C)) return;
      if (phase === 'settling') options.resize();
      goLive();
    },
    output() {
      lastOutput = Date.now();
    },
    stop() {
      clearTimeout(timer);
      held = [];
      phase = 'live';
    },
  };
}
