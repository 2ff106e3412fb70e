/**
 * Lines of a headless xterm's buffer as text for the output pane: with colours and styles as
 * SGR sequences (Ink's `Text` measures and wraps them), or plain when colour is off.
 */
import type { IBuffer, IBufferCell, IBufferLine } from '@xterm/headless';

function colour(cell: IBufferCell, background: boolean): string {
  const base = background ? 40 : 30;
  if (background ? cell.isBgDefault() : cell.isFgDefault()) return String(base + 9);
  const value = background ? cell.getBgColor() : cell.getFgColor();
  if (background ? cell.isBgRGB() : cell.isFgRGB()) return `${base + 8};2;${(value >> 16) & 255};${(value >> 8) & 255};${value & 255}`;
  if (value < 8) return String(base + value);
  if (value < 16) return String(base + 60 + value - 8);
  return `${base + 8};5;${value}`;
}

/** The SGR parameters that draw a cell's style from a reset. */
function style(cell: IBufferCell): string {
  const parts: string[] = [];
  if (cell.isBold()) parts.push('1');
  if (cell.isDim()) parts.push('2');
  if (cell.isItalic()) parts.push('3');
  if (cell.isUnderline()) parts.push('4');
  if (cell.isInverse()) parts.push('7');
  if (cell.isStrikethrough()) parts.push('9');
  if (!cell.isFgDefault()) parts.push(colour(cell, false));
  if (!cell.isBgDefault()) parts.push(colour(cell, true));
  return parts.join(';');
}

/** One line: trailing blanks trimmed; styled runs as SGR sequences ending in a reset. */
export function lineText(line: IBufferLine, cell: IBufferCell, color: boolean): string {
  if (!color) return line.translateToString(true);
  let text = '';
  let current = '';
  let pendingBlanks = '';
  for (let x = 0; x < line.length; x++) {
    const here = line.getCell(x, cell);
    if (!here || here.getWidth() === 0) continue;
    const chars = here.getChars() || ' ';
    const sgr = here.isInvisible() ? '' : style(here);
    if (chars === ' ' && sgr === '') {
      pendingBlanks += ' ';
      continue;
    }
    if (pendingBlanks !== '' && current !== '') {
      text += '\u001b[0m';
      current = '';
    }
    text += pendingBlanks;
    pendingBlanks = '';
    if (sgr !== current) {
      text += sgr === '' ? '\u001b[0m' : `\u001b[0;${sgr}m`;
      current = sgr;
    }
    text += here.isInvisible() ? ' ' : chars;
  }
  return current === '' ? text : `${text}\u001b[0m`;
}

/**
 * A line built a character at a time (xterm's `translateToString`, `lineText`) is, in V8, a rope:
 * a tree of one node per piece, about thirty times the size of its characters. Converting it to a
 * number makes V8 flatten it in place into one string; the tree goes. The scrollback keeps
 * thousands of these lines.
 */
export function flatten(text: string): string {
  void Number(text);
  return text;
}

/** Lines `from` (inclusive) to `to` (exclusive) of a buffer, a wrapped line's rows each a line (as the pane shows them). */
export function bufferLines(buffer: IBuffer, from: number, to: number, cell: IBufferCell, color: boolean): string[] {
  const lines: string[] = [];
  for (let y = Math.max(0, from); y < Math.min(to, buffer.length); y++) {
    const line = buffer.getLine(y);
    lines.push(line ? flatten(lineText(line, cell, color)) : '');
  }
  return lines;
}
