import { describe, expect, it } from 'vitest';
import { createOutputBuffer } from '../../../engine/shell/io/create-output-buffer.js';

describe('createOutputBuffer', () => {
  it('keeps everything while it fits', () => {
    const buffer = createOutputBuffer(8, 8);
    buffer.push(Buffer.from('hello '));
    buffer.push(Buffer.from('world'));
    expect(buffer.text()).toBe('hello world');
    expect(buffer.truncated).toBe(false);
    expect(buffer.size).toBe(11);
  });

  it('keeps the head and the tail and says how much it left out', () => {
    const buffer = createOutputBuffer(4, 4);
    for (const chunk of ['abcd', 'efgh', 'ijkl', 'mnop', 'qr']) buffer.push(Buffer.from(chunk));
    expect(buffer.truncated).toBe(true);
    expect(buffer.text()).toBe('abcd\n[… 10 bytes of output not kept …]\nopqr');
  });
});
