import type { KeyInfo } from './tui-state.js';

export interface KeyPress {
  input: string;
  key: KeyInfo;
}

/**
 * Ink hands over a chunk of input as one key when keys arrive together (fast typing, tmux
 * `send-keys`, a paste): `\x15touch x` is Ctrl-U then text. Splits such a chunk into key presses:
 * printable runs stay together (so a pasted word never triggers one-letter commands), control
 * characters become their keys, and a newline inside the chunk is text, not Enter — only a
 * final one submits, so a pasted multi-line command cannot run half of itself.
 */
export function splitKeyInput(input: string, key: KeyInfo): KeyPress[] {
  // eslint-disable-next-line no-control-regex
  if (input.length <= 1 || !/[\u0000-\u001f\u007f]/.test(input)) return [{ input, key }];
  const presses: KeyPress[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') presses.push({ input: text, key: {} });
    text = '';
  };
  for (let index = 0; index < input.length; index++) {
    const char = input[index]!;
    const code = char.charCodeAt(0);
    const last = index === input.length - 1;
    if (char === '\r' || char === '\n') {
      if (last) {
        flush();
        presses.push({ input: '', key: { return: true } });
      } else if (!(char === '\r' && input[index + 1] === '\n')) text += '\n';
    } else if (code === 0x7f || code === 0x08) {
      flush();
      presses.push({ input: '', key: { backspace: true } });
    } else if (char === '\t') {
      flush();
      presses.push({ input: '', key: { tab: true } });
    } else if (code === 0x1b) {
      flush();
      presses.push({ input: '', key: { escape: true } });
    } else if (code < 0x20) {
      flush();
      presses.push({ input: String.fromCharCode(code + 96), key: { ctrl: true } });
    } else text += char;
  }
  flush();
  return presses;
}
