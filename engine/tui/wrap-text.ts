import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/**
 * Word-wraps plain text to rows of at most `width` terminal columns (display width: a CJK
 * character takes two, a combining mark none); words longer than a row are cut.
 */
export function wrapText(text: string, width: number): string[] {
  return wrapAnsi(text, Math.max(1, width), { hard: true }).split('\n');
}

/** Display width in terminal columns. */
export const textWidth = (text: string): number => stringWidth(text);

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The longest start of `text` that fits in `columns` (at least one grapheme, so that a row
 * always moves on), and the rest.
 */
export function takeColumns(text: string, columns: number): [head: string, rest: string] {
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const width = stringWidth(segment);
    if (used + width > columns && end > 0) return [text.slice(0, end), text.slice(end)];
    used += width;
    end = index + segment.length;
  }
  return [text, ''];
}
