import { describe, expect, it } from 'vitest';
import { splitKeyInput } from '../../engine/tui/split-key-input.js';

describe('splitKeyInput', () => {
  it('passes single keys and plain text through', () => {
    expect(splitKeyInput('q', {})).toEqual([{ input: 'q', key: {} }]);
    expect(splitKeyInput('pasted words', {})).toEqual([{ input: 'pasted words', key: {} }]);
  });

  it('splits control characters out of a chunk', () => {
    expect(splitKeyInput('\u0015touch x\u007fy\r', {})).toEqual([
      { input: 'u', key: { ctrl: true } },
      { input: 'touch x', key: {} },
      { input: '', key: { backspace: true } },
      { input: 'y', key: {} },
      { input: '', key: { return: true } },
    ]);
  });

  it('keeps newlines inside a paste as text; only a final one is Enter', () => {
    expect(splitKeyInput('echo a\r\necho b', {})).toEqual([{ input: 'echo a\necho b', key: {} }]);
  });
});
