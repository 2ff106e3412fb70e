/**
 * A terminal's output as plain text, for the journal and the step's checks: escape sequences
 * removed, `\r\n` as `\n`, a line redrawn with `\r` (a progress bar) kept as last drawn, and
 * other control characters dropped. Streaming: a sequence or a line split across chunks is
 * held until it is complete; a line is bounded (the start of a huge line without a newline goes).
 */

// CSI, OSC (ended by BEL or ST), DCS/SOS/PM/APC strings, and two-byte escapes.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[ -/]*[0-~]/g;
// An escape sequence not yet complete at the end of a chunk.
// eslint-disable-next-line no-control-regex
const UNFINISHED = /\u001b(?:\[[0-?]*[ -/]*|[\]PX^_][^\u0007\u001b]*(?:\u001b)?|[ -/]*)?$/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f]/g;
/** Longest line held before it is written out anyway. */
const MAX_LINE = 64 * 1024;

export interface PtyTextFilter {
  /** Text that is complete (whole lines). */
  write(data: string): string;
  /** The rest (the last unfinished line). */
  end(): string;
}

/** The last drawing of a line: what follows its last `\r`. */
function lastDrawn(line: string): string {
  const cr = line.lastIndexOf('\r');
  return cr === -1 ? line : line.slice(cr + 1);
}

export function createPtyTextFilter(): PtyTextFilter {
  let held = '';
  let line = '';
  return {
    write(data) {
      let text = held + data;
      held = '';
      const unfinished = UNFINISHED.exec(text);
      if (unfinished && unfinished[0] !== '') {
        held = unfinished[0];
        text = text.slice(0, unfinished.index);
      }
      // A `\r` at the end may be the first half of a `\r\n`.
      const crs = /\r+$/.exec(text);
      if (crs) {
        held = crs[0] + held;
        text = text.slice(0, crs.index);
      }
      text = text.replace(ESCAPES, '').replace(/\r+\n/g, '\n').replace(CONTROLS, '');
      const lines = (line + text).split('\n');
      line = lines.pop() ?? '';
      if (line.length > MAX_LINE) line = lastDrawn(line).slice(-MAX_LINE);
      return lines.length === 0 ? '' : lines.map(lastDrawn).join('\n') + '\n';
    },
    end() {
      const rest = lastDrawn(line.replace(/\r+$/, ''));
      line = '';
      held = '';
      return rest;
    },
  };
}
