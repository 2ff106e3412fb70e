import type { KeyInfo, TextField } from './tui-state.js';

export function textField(text = ''): TextField {
  return { text, cursor: text.length };
}

/**
 * Applies a key to a one-line text field: printable input is inserted at the cursor,
 * ←/→/Home/End move, Backspace/Delete erase, Ctrl-U clears, Ctrl-A/Ctrl-E go to the ends.
 * Returns the same field when the key does not edit text. Newlines are kept only in `multiline` fields.
 */
export function editText(field: TextField, input: string, key: KeyInfo, options: { multiline?: boolean } = {}): TextField {
  const { text, cursor } = field;
  if (key.leftArrow) return { text, cursor: Math.max(0, cursor - 1) };
  if (key.rightArrow) return { text, cursor: Math.min(text.length, cursor + 1) };
  if (key.home || (key.ctrl && input === 'a')) return { text, cursor: 0 };
  if (key.end || (key.ctrl && input === 'e')) return { text, cursor: text.length };
  if (key.ctrl && input === 'u') return { text: '', cursor: 0 };
  // Terminals send DEL (0x7f) for Backspace; Ink reports it as `delete` on some and `backspace` on others.
  if (key.backspace || key.delete) {
    if (cursor === 0) return field;
    return { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
  }
  if (key.ctrl || key.meta || key.escape || key.return || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) {
    return field;
  }
  // eslint-disable-next-line no-control-regex
  const printable = options.multiline
    ? input.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    : input.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
  if (printable === '') return field;
  return { text: text.slice(0, cursor) + printable + text.slice(cursor), cursor: cursor + printable.length };
}
