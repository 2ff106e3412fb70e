import stringWidth from 'string-width';
import { createMasker } from '../run/create-masker.js';

/** The stream `follow` prints to, as the event printer uses it. */
export interface FollowOutput {
  readonly isTTY: boolean;
  write(text: string): boolean;
}

// Colors stay (the printer's own and a step's); other escape sequences (cursor moves, screen
// clears, titles) and control characters are dropped: a follower's screen is its own.
// eslint-disable-next-line no-control-regex
const PIECES = /(\u001b\[[0-9;:]*m)|(\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f])/;
const segmenter = new Intl.Segmenter();

/**
 * What `follow` prints, on its way to `out`: token shapes masked once more (the journal holds
 * no secrets; this is the reports' second look), and, on a terminal, lines wrapped at its width
 * by display width (wide characters count two columns), between words where a word fits on a
 * row, each continuation row indented two columns past its line's own indent, so a long command or output line stays readable at 80
 * columns. Not a terminal (a pipe, a file): the text as it is, masked.
 */
export function followOutput(out: NodeJS.WriteStream): FollowOutput {
  const masker = createMasker();
  const tty = Boolean(out.isTTY);
  let column = 0;
  let indent = '';
  let atLineStart = true;

  const wrap = (text: string, columns: number): string => {
    let result = '';
    const hanging = () => (indent.length + 2 <= columns / 2 ? `${indent}  ` : '');
    const newline = () => {
      const next = hanging();
      result += `\n${next}`;
      column = next.length;
    };
    const place = (cell: string, width: number) => {
      if (column + width > columns && column > 0) {
        newline();
        // A space at the cut is the break itself: the next row starts with the next word.
        if (cell === ' ') return;
      }
      result += cell;
      column += width;
    };
    // A word goes whole to the next row when it does not fit and would fit there; a longer one
    // is cut where the row ends. A word still open at the end of a write is placed then.
    let word: [string, number][] = [];
    let wordWidth = 0;
    const placeWord = () => {
      const start = hanging().length;
      if (column + wordWidth > columns && column > start && wordWidth <= columns - start) newline();
      for (const [cell, width] of word) place(cell, width);
      word = [];
      wordWidth = 0;
    };
    for (const piece of text.split(PIECES)) {
      if (!piece) continue;
      if (piece.startsWith('\u001b')) {
        if (/^\u001b\[[0-9;:]*m$/.test(piece)) word.push([piece, 0]);
        continue;
      }
      if (PIECES.test(piece)) continue;
      for (const { segment } of segmenter.segment(piece)) {
        if (segment === '\n' || segment === '\r\n' || segment === '\r') {
          placeWord();
          // A lone `\r` redraws the line (a progress bar): it starts over at the left.
          result += segment === '\r' ? '\r' : '\n';
          column = 0;
          if (segment !== '\r') [indent, atLineStart] = ['', true];
          continue;
        }
        const cell = segment === '\t' ? ' '.repeat(8 - (column % 8)) : segment;
        const blank = cell.trim() === '';
        if (atLineStart && blank) indent += cell;
        else atLineStart = false;
        if (blank) {
          placeWord();
          place(cell, stringWidth(cell));
        } else {
          const width = stringWidth(cell);
          word.push([cell, width]);
          wordWidth += width;
        }
      }
    }
    placeWord();
    return result;
  };

  return {
    isTTY: tty,
    write(text) {
      const masked = masker.mask(text);
      const columns = tty ? out.columns : 0;
      return out.write(columns && columns >= 20 ? wrap(masked, columns) : masked);
    },
  };
}
