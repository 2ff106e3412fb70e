import { describe, expect, it } from 'vitest';
import { appendLine, appendOutput, cleanLine, emptyScrollback, MAX_LINE_CHARS, visibleLines } from '../../engine/tui/append-output.js';

describe('appendOutput', () => {
  it('splits lines across chunks and keeps the partial line', () => {
    let scrollback = appendOutput(emptyScrollback(), 'one\ntw');
    scrollback = appendOutput(scrollback, 'o\nthree');
    expect(scrollback.lines).toEqual(['one', 'two']);
    expect(visibleLines(scrollback)).toEqual(['one', 'two', 'three']);
  });

  it('keeps only the last lines of a chunk far larger than the scrollback, counting the dropped ones', () => {
    const chunk = Array.from({ length: 200_000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const scrollback = appendOutput(emptyScrollback(100), chunk);
    expect(scrollback.lines).toHaveLength(100);
    expect(scrollback.lines.at(-1)).toBe('line 199999');
    expect(scrollback.lines[0]).toBe('line 199900');
    expect(scrollback.dropped).toBe(199_900);
  });

  it('bounds a line without newlines', () => {
    const scrollback = appendOutput(emptyScrollback(10), 'x'.repeat(5_000_000));
    expect(scrollback.partial.length).toBeLessThanOrEqual(MAX_LINE_CHARS * 2);
    expect(visibleLines(scrollback)[0]!.length).toBe(MAX_LINE_CHARS + 1);
  });

  it('removes escape codes and control characters, keeps what follows a carriage return', () => {
    expect(cleanLine('\u001b[31mred\u001b[0m and \u001b]0;title\u0007plain\u0007')).toBe('red and plain');
    expect(cleanLine('progress 10%\rprogress 100%')).toBe('progress 100%');
    expect(cleanLine('a\tb')).toBe('a  b');
  });

  it('appendLine ends a partial line first', () => {
    const scrollback = appendLine(appendOutput(emptyScrollback(), 'no newline'), '── next ──');
    expect(scrollback.lines).toEqual(['no newline', '── next ──']);
  });
});
