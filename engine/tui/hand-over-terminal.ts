/**
 * Giving the operator's terminal to a program and taking it back: `interactive: true` steps and
 * the `$EDITOR` (the TUI unmounts and stops reading; the program inherits the terminal), and
 * full-screen programs in a step's pty (the TUI unmounts; their output goes to the terminal as
 * it is, the operator's keys to them, until they leave the alternate screen).
 */
import type { RunStore } from './create-run-store.js';
import type { FullScreen } from './create-pty-screen.js';

export interface HandOverOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  store: RunStore;
  mount(): void;
  unmount(): Promise<void>;
  /** SIGINT is the TUI's (Ctrl-C); while a program has the terminal it is the program's. */
  signals?: { onSigint: () => void };
}

export interface TerminalHandOver {
  handOver<T>(note: string, run: () => Promise<T>): Promise<T>;
  fullScreen: FullScreen;
}

const ignoreSigint = (): void => {};

export function createTerminalHandOver(options: HandOverOptions): TerminalHandOver {
  const { stdin, stdout, store, signals } = options;
  const toProgram = (): void => {
    if (!signals) return;
    process.off('SIGINT', signals.onSigint);
    process.on('SIGINT', ignoreSigint);
  };
  const toTui = (): void => {
    if (!signals) return;
    process.off('SIGINT', ignoreSigint);
    process.on('SIGINT', signals.onSigint);
  };

  async function handOver<T>(note: string, run: () => Promise<T>): Promise<T> {
    store.flush();
    await options.unmount();
    toProgram();
    if (stdin.isTTY) stdin.setRawMode?.(false);
    const readAgain = stopReading(stdin);
    stdout.write(`\n── ${note} ──\n`);
    try {
      return await run();
    } finally {
      toTui();
      readAgain();
      options.mount();
    }
  }

  // Full screen: 'entering' while the TUI unmounts (output waits), then 'on'.
  let phase: 'off' | 'entering' | 'on' = 'off';
  let waiting: string[] = [];
  let leaveWhenOn = false;
  let forward: (() => void) | undefined;

  const back = (): void => {
    phase = 'off';
    if (forward) stdin.off('readable', forward);
    forward = undefined;
    toTui();
    // The screen as it was before the program, cleared: the TUI draws its frame afresh.
    stdout.write('\u001b[H\u001b[2J');
    options.mount();
  };

  const fullScreen: FullScreen = {
    enter(data, keys) {
      if (phase !== 'off') return;
      phase = 'entering';
      waiting = [data];
      leaveWhenOn = false;
      store.flush();
      void options.unmount().then(() => {
        toProgram();
        if (stdin.isTTY) stdin.setRawMode?.(true);
        // Read as Ink does (paused mode, 'readable'), so that Ink reads again when it comes back.
        forward = () => {
          let chunk: Buffer | string | null;
          while ((chunk = stdin.read() as Buffer | string | null) !== null) keys(chunk.toString());
        };
        stdin.on('readable', forward);
        phase = 'on';
        stdout.write(waiting.join(''));
        waiting = [];
        if (leaveWhenOn) back();
      });
    },
    write(data) {
      if (phase === 'entering') waiting.push(data);
      else if (phase === 'on') stdout.write(data);
    },
    leave(data) {
      if (phase === 'entering') {
        waiting.push(data);
        leaveWhenOn = true;
      } else if (phase === 'on') {
        stdout.write(data);
        back();
      }
    },
  };
  return { handOver, fullScreen };
}

type TtyHandle = { reading?: boolean; readStart?: () => number; readStop?: () => number };

/**
 * Stops reading the terminal. `pause()` alone leaves the tty handle reading into the stream's
 * buffer, which would steal the keys typed to an interactive command. Returns how to start again
 * (the stream may think a read is still under way, so Ink alone would never read again).
 */
export function stopReading(stdin: NodeJS.ReadStream): () => void {
  stdin.pause();
  const handle = (stdin as unknown as { _handle?: TtyHandle })._handle;
  if (!handle?.reading || typeof handle.readStop !== 'function' || typeof handle.readStart !== 'function') return () => {};
  handle.reading = false;
  handle.readStop();
  return () => {
    if (handle.reading) return;
    handle.reading = true;
    handle.readStart!();
  };
}
