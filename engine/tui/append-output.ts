import type { Scrollback } from './tui-state.js';

/** Longest line kept; the rest of a very long line is dropped (the screen truncates anyway). */
export const MAX_LINE_CHARS = 2000;
export const DEFAULT_SCROLLBACK_LINES = 10_000;
const FLATTEN_ABOVE_CHARS = 64 * 1024;

// Escape sequences (CSI, OSC, two-byte) would move the cursor under Ink: they are removed.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]?/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function emptyScrollback(maxLines = DEFAULT_SCROLLBACK_LINES): Scrollback {
  return { lines: [], partial: '', dropped: 0, maxLines };
}

/** Terminal-safe text: no escape codes, no control characters, tabs as spaces, `\r` keeps what follows it. */
export function cleanLine(line: string): string {
  let clean = line.replace(ESCAPES, '');
  const cr = clean.lastIndexOf('\r', clean.length - 2);
  if (cr >= 0) clean = clean.slice(cr + 1);
  clean = clean.replace(/\r/g, '').replace(/\t/g, '  ').replace(CONTROLS, '');
  return clean.length > MAX_LINE_CHARS ? clean.slice(0, MAX_LINE_CHARS) + '…' : clean;
}

/**
 * Appends output text to the scrollback, keeping at most `maxLines` complete lines.
 * Only the tail of a huge chunk is split into lines, so the cost is bounded by the scrollback,
 * not by the size of the chunk.
 */
export function appendOutput(scrollback: Scrollback, text: string): Scrollback {
  if (text === '') return scrollback;
  const { maxLines } = scrollback;
  let combined = scrollback.partial + text;
  let skipped = 0;
  // A chunk far larger than the scrollback: cut to the last maxLines+1 newlines before splitting.
  if (combined.length > maxLines * (MAX_LINE_CHARS + 1)) {
    let index = combined.length;
    let seen = 0;
    while (seen <= maxLines) {
      const found = combined.lastIndexOf('\n', index - 1);
      if (found < 0) break;
      index = found;
      seen++;
    }
    if (seen > maxLines) {
      skipped = countNewlines(combined, 0, index + 1);
      combined = combined.slice(index + 1);
    } else if (seen === 0) {
      combined = combined.slice(-MAX_LINE_CHARS * 2);
    }
  }
  let parts = combined.split('\n');
  if (parts.length > maxLines + 1) {
    skipped += parts.length - maxLines - 1;
    parts = parts.slice(-maxLines - 1);
  }
  // Substrings of a big chunk keep the whole chunk alive in V8: copy what is kept into a string of its own.
  if (combined.length > FLATTEN_ABOVE_CHARS) parts = parts.map((part) => part.slice(-MAX_LINE_CHARS * 2)).join('\n').split('\n');
  const partial = parts.pop() ?? '';
  const fresh = parts.map(cleanLine);
  let lines = scrollback.lines.concat(fresh);
  let dropped = scrollback.dropped + skipped;
  if (lines.length > maxLines) {
    dropped += lines.length - maxLines;
    lines = lines.slice(lines.length - maxLines);
  }
  return { lines, partial: partial.length > MAX_LINE_CHARS * 2 ? partial.slice(-MAX_LINE_CHARS * 2) : partial, dropped, maxLines };
}

/** Adds a line of the TUI's own (a separator between steps), ending any partial line first. */
export function appendLine(scrollback: Scrollback, line: string): Scrollback {
  const prefix = scrollback.partial === '' ? '' : '\n';
  return appendOutput(scrollback, prefix + line + '\n');
}

/** Lines made by the TUI's terminal emulator (styled, as wide as the pane) appended as they are. */
export function appendLines(scrollback: Scrollback, lines: readonly string[]): Scrollback {
  if (lines.length === 0) return scrollback;
  const base = scrollback.partial === '' ? scrollback : appendOutput(scrollback, '\n');
  let all = base.lines.concat(lines);
  let dropped = base.dropped;
  if (all.length > base.maxLines) {
    dropped += all.length - base.maxLines;
    all = all.slice(all.length - base.maxLines);
  }
  return { ...base, lines: all, dropped };
}

/** Lines to show: the complete ones plus the partial line, if any. */
export function visibleLines(scrollback: Scrollback): string[] {
  return scrollback.partial === '' ? scrollback.lines : [...scrollback.lines, cleanLine(scrollback.partial)];
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index >= 0 && index < to; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
