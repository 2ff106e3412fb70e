/**
 * Output faster than the emulator can draw it (a step flooding its terminal): instead of
 * slowing the step down to the screen's pace, the screen skips. Beyond a frame's worth of output,
 * or while the emulator is behind, new output is held (only its latest part: older held output is dropped); once the emulator has
 * caught up, what is held is drawn after a line saying how much was not shown. The step runs at
 * its own speed, the journal gets all of its text, and the screen ends with the output's last
 * lines, as a terminal would. What is held is drawn at most once a frame, so the emulator's share
 * of the time is bounded whatever the step prints.
 */

/** Output drawn in one frame beyond this (a flood, not a command talking): the rest is held. */
export const FRAME_CHARS = 32 * 1024;
/** Output waiting in the emulator beyond this: new output is held instead. */
export const BEHIND_CHARS = 64 * 1024;
/** The emulator is down to this: what is held is drawn. */
export const CAUGHT_UP_CHARS = 16 * 1024;
/** The most recent output held while the emulator is behind. */
export const HELD_CHARS = 128 * 1024;
/** How far into held output to look for the start of a line. */
const LINE_START_WITHIN = 4096;

export interface ScreenFlow {
  /** Holds output while the emulator is behind. */
  hold(text: string): void;
  /** What to draw once the emulator caught up: a line for what was dropped, then what is held ('' if nothing). */
  release(): string;
  readonly holding: boolean;
}

function megabytes(chars: number): string {
  return chars >= 1e6 ? `${(chars / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(chars / 1e3))} kB`;
}

export function createScreenFlow(heldChars = HELD_CHARS): ScreenFlow {
  let held: string[] = [];
  let size = 0;
  let dropped = 0;
  return {
    hold(text) {
      held.push(text);
      size += text.length;
      let drop = 0;
      while (drop < held.length - 1 && size - held[drop]!.length >= heldChars) {
        size -= held[drop]!.length;
        dropped += held[drop]!.length;
        drop++;
      }
      if (drop > 0) held = held.slice(drop);
    },
    release() {
      if (held.length === 0) return '';
      let text = held.join('');
      held = [];
      size = 0;
      if (dropped === 0) return text;
      // Start the rest at a line's start (the dropped part may have ended inside a line or an escape sequence).
      const newline = text.indexOf('\n');
      if (newline !== -1 && newline < LINE_START_WITHIN) {
        dropped += newline + 1;
        text = text.slice(newline + 1);
      }
      const note = `\u001b[0m\r\n\u001b[2m… ${megabytes(dropped)} of output not drawn here (it came faster than the screen; the journal has the text) …\u001b[0m\r\n`;
      dropped = 0;
      return note + text;
    },
    get holding() {
      return held.length > 0;
    },
  };
}
