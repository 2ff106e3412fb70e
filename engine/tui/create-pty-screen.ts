/**
 * The TUI's side of steps run in a pseudo-terminal: each step's raw output goes through a
 * headless xterm (colours, `\r` redraws, cursor moves, wrapping at the pane's width), whose lines
 * reach the store once a frame: lines that scrolled up are final (appended to the scrollback),
 * the screen's rows are live. A full-screen program (the alternate screen: vi, less, top) gets
 * the operator's whole terminal at once and gives it back when it leaves that screen.
 */
import { setFlagsFromString } from 'node:v8';
import xtermHeadless, { type IMarker, type Terminal as XTerminal } from '@xterm/headless';
import type { PtyScreen } from '../shell/pty/pty-executor.js';
import type { PtyStep } from '../shell/pty/pty-bash.js';
import { sessionIdle, waitsOnTerminal } from '../shell/pty/waits-on-terminal.js';
import type { RunStore } from './create-run-store.js';
import { bufferLines } from './screen-lines.js';
import { settleFullScreen, type FullScreenSettle } from './settle-full-screen.js';
import { BEHIND_CHARS, CAUGHT_UP_CHARS, FRAME_CHARS, createScreenFlow, type ScreenFlow } from './screen-flow.js';

const { Terminal } = xtermHeadless;

/** Lines of the step's own scrollback in the emulator. */
const EMULATOR_SCROLLBACK = 10_000;
/** Lines scrolled up that are taken out at once, before the frame (none is lost to the emulator's limit). */
const TAKE_FINAL_AT = 2000;
const FRAME_MS = 33;
/** While output comes faster than the screen draws it, frames are fewer (the emulator gets the time). */
const FLOOD_FRAME_MS = 200;
/** An unfinished line this long quiet is a prompt: keys go to the step. */
const PROMPT_QUIET_MS = 250;
// eslint-disable-next-line no-control-regex
const ENTER_ALTERNATE = /\u001b\[\?(?:1049|1047|47)h/;
// eslint-disable-next-line no-control-regex
const LEAVE_ALTERNATE = /\u001b\[\?(?:1049|1047|47)l/;

export interface FullScreen {
  /** A full-screen program starts: the TUI steps aside; `data` is its first output. */
  enter(data: string, keys: (data: string) => void): void;
  write(data: string): void;
  /** The program left the alternate screen (`data`: its last output): the TUI comes back. */
  leave(data: string): void;
}

export interface PtyScreenOptions {
  store: RunStore;
  mask(text: string): string;
  /** How much of the end of a text could begin a secret: held back until the next output or the end. */
  partialSecretLength?(text: string): number;
  color: boolean;
  /** The output pane's width and the terminal's rows. */
  paneSize(): { columns: number; rows: number };
  terminalSize(): { columns: number; rows: number };
  fullScreen: FullScreen;
}

export interface TuiPtyScreen extends PtyScreen {
  /** Output events of this step are on screen already (through the emulator). */
  owns(stepId: string): boolean;
  /** The operator's keys to the running step. */
  type(data: string): void;
  /** The terminal was resized: the running step follows. */
  resize(): void;
}

interface Current {
  stepId: string;
  term: XTerminal;
  step: PtyStep;
  marker: IMarker | undefined;
  fullScreen: boolean;
  /** While a full-screen program settles before it gets the whole terminal (settle-full-screen.ts). */
  settle?: FullScreenSettle;
  frame?: NodeJS.Timeout;
  quiet?: NodeJS.Timeout;
  /** Writes the emulator has not taken in yet, and their length. */
  writing: number;
  pendingChars: number;
  /** The end of the output that could begin a secret, held back (masked once whole). */
  maskTail: string;
  /** Output drawn since the last frame. */
  frameChars: number;
  /** Lines scrolled up, taken out of the emulator before the next frame. */
  final: string[];
  /** Output held while the emulator is behind. */
  flow: ScreenFlow;
  columns: number;
}

export function createPtyScreen(options: PtyScreenOptions): TuiPtyScreen {
  // V8 grows the heap less between full collections (read at each collection): Ink's frames and
  // the emulator make short-lived garbage at the rate a step prints, and the heap otherwise grew
  // to several times what stays alive before it was collected (docs/tui.md, "Bounded").
  setFlagsFromString('--optimize-for-size');
  const owned = new Set<string>();
  let current: Current | undefined;

  const frame = (now: Current, ended: boolean): void => takeFrame(now, ended, options);

  const scheduleFrame = (now: Current): void => {
    const flooding = now.flow.holding || now.pendingChars > CAUGHT_UP_CHARS;
    if (!now.frame) now.frame = setTimeout(() => current === now && frameOrRelease(now), flooding ? FLOOD_FRAME_MS : FRAME_MS);
  };

  /** A frame; while output is held, the emulator (caught up) first gets the latest of it, once a frame. */
  function frameOrRelease(now: Current): void {
    now.frameChars = 0;
    if (now.flow.holding && now.pendingChars <= CAUGHT_UP_CHARS) draw(now, now.flow.release(), () => undefined);
    frame(now, false);
    if (now.flow.holding) scheduleFrame(now);
  }

  function watchQuiet(now: Current): void {
    clearTimeout(now.quiet);
    now.quiet = setTimeout(() => {
      if (current !== now || now.fullScreen || now.writing > 0) return;
      // An unfinished line, quiet, and (where the system can tell) a process reading the terminal.
      if (now.term.buffer.normal.cursorX > 0 && waitsOnTerminal(now.step.pid) !== false) options.store.dispatch({ type: 'pty-waiting', stepId: now.stepId });
    }, PROMPT_QUIET_MS);
  }

  return {
    size: () => options.paneSize(),
    started(stepId, step) {
      const { columns, rows } = options.paneSize();
      const term = new Terminal({ cols: Math.max(2, columns), rows: Math.max(2, rows), scrollback: EMULATOR_SCROLLBACK, allowProposedApi: true });
      current = { stepId, term, step, marker: term.registerMarker(0), fullScreen: false, columns, writing: 0, pendingChars: 0, maskTail: '', frameChars: 0, final: [], flow: createScreenFlow() };
      owned.add(stepId);
      options.store.dispatch({ type: 'pty-started', stepId });
    },
    data(stepId, text, done) {
      const now = current;
      if (!now || now.stepId !== stepId) return done();
      const masked = maskAcross(now, text, options);
      if (now.fullScreen) {
        now.settle?.output();
        const leave = LEAVE_ALTERNATE.exec(masked);
        if (!leave) {
          options.fullScreen.write(masked);
          return done();
        }
        const end = leave.index + leave[0].length;
        leaveFullScreen(now, options, true);
        options.fullScreen.leave(masked.slice(0, end));
        return write(now, masked.slice(end), done);
      }
      const enter = ENTER_ALTERNATE.exec(masked);
      if (enter) {
        write(now, masked.slice(0, enter.index), () => undefined);
        enterFullScreen(now, options);
        options.fullScreen.enter(masked.slice(enter.index), (keys) => (now.settle ? now.settle.keys(keys) : now.step.write(keys)));
        return done();
      }
      write(now, masked, done);
    },
    async ended(stepId) {
      const now = current;
      if (!now || now.stepId !== stepId) return;
      if (now.fullScreen) {
        leaveFullScreen(now, options, false);
        options.fullScreen.leave('\u001b[?1049l');
      }
      clearTimeout(now.quiet);
      if (now.maskTail !== '') write(now, options.mask(now.maskTail), () => undefined);
      await new Promise<void>((resolve) => now.term.write(now.flow.release(), resolve));
      frame(now, true);
      current = undefined;
      now.term.dispose();
    },
    owns: (stepId) => owned.has(stepId),
    type(data) {
      current?.step.write(data);
    },
    resize() {
      if (current) resizeStep(current, options);
    },
  };

  function write(now: Current, text: string, done: () => void): void {
    if (text === '') return done();
    // The emulator is behind: the step goes on at its own speed, the screen skips (screen-flow.ts).
    if (now.flow.holding || now.pendingChars > BEHIND_CHARS || now.frameChars + text.length > FRAME_CHARS) {
      now.flow.hold(text);
      scheduleFrame(now);
      return done();
    }
    draw(now, text, done);
  }

  function draw(now: Current, text: string, done: () => void): void {
    now.writing++;
    now.pendingChars += text.length;
    now.frameChars += text.length;
    now.term.write(text, () => {
      now.writing--;
      now.pendingChars -= text.length;
      done();
      const buffer = now.term.buffer.normal;
      if (now.marker && !now.marker.isDisposed && buffer.baseY - now.marker.line >= TAKE_FINAL_AT) takeFinal(now, options.color);
      scheduleFrame(now);
      // Quiet from the last output taken in: a step waiting on a slow emulator is not waiting for input.
      if (now.writing === 0 && !now.fullScreen) watchQuiet(now);
    });
  }
}

/**
 * Masks output that may split a secret across chunks: complete secrets are masked, and an end
 * that could be the start of one waits for the next chunk (the runner's stream masker does the
 * same, by lines, for the journal).
 */
function maskAcross(now: Current, text: string, options: PtyScreenOptions): string {
  const masked = options.mask(now.maskTail + text);
  const keep = options.partialSecretLength?.(masked) ?? 0;
  now.maskTail = keep > 0 ? masked.slice(masked.length - keep) : '';
  return keep > 0 ? masked.slice(0, masked.length - keep) : masked;
}

/** The program gets the whole terminal once it has settled, not while it starts. */
function enterFullScreen(now: Current, options: PtyScreenOptions): void {
  now.fullScreen = true;
  clearTimeout(now.quiet);
  const whole = options.terminalSize();
  if (whole.columns === now.columns && whole.rows === now.term.rows) return;
  now.settle = settleFullScreen({ idle: () => sessionIdle(now.step.pid), resize: () => resizeStep(now, options), write: (keys) => now.step.write(keys) });
}

/** Back to the pane's size (a step that ended has no terminal to resize). */
function leaveFullScreen(now: Current, options: PtyScreenOptions, running: boolean): void {
  now.settle?.stop();
  now.settle = undefined;
  now.fullScreen = false;
  if (running) resizeStep(now, options);
}

/** The step's terminal follows the pane (or the whole terminal while a program has it). */
function resizeStep(now: Current, options: PtyScreenOptions): void {
  const size = now.fullScreen ? options.terminalSize() : options.paneSize();
  now.step.resize(size.columns, size.rows);
  if (!now.fullScreen && size.columns !== now.columns) {
    now.columns = size.columns;
    now.term.resize(size.columns, now.term.rows);
  }
}

/** Lines scrolled up since the last time, kept for the next frame (none is lost to the emulator's limit). */
function takeFinal(now: Current, color: boolean): void {
  const buffer = now.term.buffer.normal;
  const from = now.marker && !now.marker.isDisposed ? now.marker.line : 0;
  const lines = bufferLines(buffer, from, buffer.baseY, buffer.getNullCell(), color);
  now.final = now.final.length + lines.length > EMULATOR_SCROLLBACK ? [...now.final, ...lines].slice(-EMULATOR_SCROLLBACK) : now.final.concat(lines);
  now.marker?.dispose();
  now.marker = now.term.registerMarker(-buffer.cursorY);
}

/** Lines scrolled up since the last frame (final) and the screen's rows (live). */
function takeFrame(now: Current, ended: boolean, options: PtyScreenOptions): void {
  clearTimeout(now.frame);
  now.frame = undefined;
  const buffer = now.term.buffer.normal;
  const from = now.marker && !now.marker.isDisposed ? now.marker.line : 0;
  const base = buffer.baseY;
  const probe = buffer.getNullCell();
  // The rows in use: up to the cursor, or to the last row written below it.
  let last = buffer.cursorY;
  for (let y = now.term.rows - 1; y > last; y--) {
    if ((buffer.getLine(base + y)?.translateToString(true) ?? '') !== '') {
      last = y;
      break;
    }
  }
  if (last === buffer.cursorY && buffer.cursorX === 0 && (buffer.getLine(base + last)?.translateToString(true) ?? '') === '') last--;
  const liveEnd = base + last + 1;
  const final = now.final.concat(bufferLines(buffer, from, ended ? liveEnd : base, probe, options.color));
  now.final = [];
  const live = ended ? [] : bufferLines(buffer, base, liveEnd, probe, options.color);
  now.marker?.dispose();
  now.marker = ended ? undefined : now.term.registerMarker(-buffer.cursorY);
  options.store.dispatch({ type: 'screen', stepId: now.stepId, final, live, ended });
}
