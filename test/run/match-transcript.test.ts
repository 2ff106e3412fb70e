import { describe, expect, it } from 'vitest';
import { lineMatches, matchTranscript } from '../../engine/run/match-transcript.js';

const transcript = (lines: string[], startLine = 10, lineNumbers?: number[]) => ({ lines, startLine, ...(lineNumbers ? { lineNumbers } : {}) });

describe('matchTranscript', () => {
  it('ignores trailing whitespace and the final newline', () => {
    expect(matchTranscript(transcript(['a', 'b  ']), 'a   \nb\n\n\n').passed).toBe(true);
  });

  it('[..] matches any text within one line only', () => {
    expect(lineMatches('pod [..] Running', 'pod agent-1 (x) Running')).toBe(true);
    expect(lineMatches('pod [..]', 'pod')).toBe(false);
    expect(lineMatches('pod [..]', 'pod ')).toBe(true);
    expect(matchTranscript(transcript(['a [..] c']), 'a b\nc\n').passed).toBe(false);
  });

  it('a ... line matches any number of lines, including none', () => {
    const expected = transcript(['start', '...', 'end']);
    expect(matchTranscript(expected, 'start\nend\n').passed).toBe(true);
    expect(matchTranscript(expected, 'start\n1\n2\n3\nend\n').passed).toBe(true);
    expect(matchTranscript(expected, 'start\n1\nend\nmore\n').passed).toBe(false);
    expect(matchTranscript(transcript(['...']), 'anything\nat all').passed).toBe(true);
  });

  it('regex characters in expected text are literal', () => {
    expect(matchTranscript(transcript(['a.c (x)']), 'abc (x)').passed).toBe(false);
    expect(matchTranscript(transcript(['a.c (x)']), 'a.c (x)').passed).toBe(true);
  });

  it('diffs with the runbook line numbers, per line when given', () => {
    const result = matchTranscript(transcript(['one', 'two', 'three'], 20, [20, 21, 23]), 'one\nTWO\nthree\n', 'rb.md');
    expect(result.diff).toBe(['--- expected (rb.md:20)', '+++ actual output', '@@ -20,3 +1,3 @@', ' one', '-two', '+TWO', ' three'].join('\n'));
  });

  it('keeps hunks apart when changes are far from each other', () => {
    const lines = Array.from({ length: 20 }, (_, index) => `line ${index}`);
    const actual = [...lines];
    actual[1] = 'changed 1';
    actual[18] = 'changed 18';
    const diff = matchTranscript(transcript(lines, 1), actual.join('\n')).diff!;
    expect(diff.split('\n').filter((line) => line.startsWith('@@'))).toEqual(['@@ -1,5 +1,5 @@', '@@ -16,5 +16,5 @@']);
  });
});

describe('a `...` in a diff (issue 13 item 22)', () => {
  it('matches a line the rest of the transcript can match instead of swallowing it', () => {
    const { passed, diff } = matchTranscript(transcript(['a', '...', 'd', 'E'], 5), 'a\nX\nb\nc\nd\ne\n');
    expect(passed).toBe(false);
    expect(diff).toBe(['--- expected (runbook:5)', '+++ actual output', '@@ -7,2 +3,4 @@', ' b', ' c', ' d', '-E', '+e'].join('\n'));
  });
});
