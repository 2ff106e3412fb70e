/**
 * Expected output (a `console` transcript or an `output` fence) against what a command printed.
 * Trailing whitespace and trailing blank lines are ignored; `[..]` in a line matches any text
 * within that line; a line holding only `...` matches any number of lines. On mismatch, a
 * unified diff whose `-` side carries the runbook's line numbers.
 */
import { diffArrays } from 'diff';
import type { Transcript } from '../graph/types.js';

export interface TranscriptMatch {
  passed: boolean;
  /** Unified diff (expected vs actual) when it did not match. */
  diff?: string;
}

export function matchTranscript(transcript: Transcript, actualText: string, label = 'runbook'): TranscriptMatch {
  const expected = normalizeLines(transcript.lines);
  const actual = normalizeLines(actualText.split('\n'));
  if (linesMatch(expected, actual)) return { passed: true };
  return { passed: false, diff: unifiedDiff(expected, actual, transcript.startLine, label) };
}

/** True when the text matches the transcript (used by `{ output: transcript }` conditions too). */
export function transcriptMatches(transcript: Transcript, actualText: string): boolean {
  return linesMatch(normalizeLines(transcript.lines), normalizeLines(actualText.split('\n')));
}

function normalizeLines(lines: string[]): string[] {
  const out = lines.map((line) => line.replace(/\s+$/, ''));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

const patternCache = new Map<string, RegExp>();

/** One expected line against one actual line (`[..]` = any text). */
export function lineMatches(expected: string, actual: string): boolean {
  if (!expected.includes('[..]')) return expected === actual;
  let pattern = patternCache.get(expected);
  if (!pattern) {
    const source = expected
      .split('[..]')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    pattern = new RegExp(`^${source}$`, 's');
    patternCache.set(expected, pattern);
  }
  return pattern.test(actual);
}

const isEllipsis = (line: string): boolean => line.trim() === '...';

/** Whole-transcript match with `...` lines, memoized (expected × actual positions). */
function linesMatch(expected: string[], actual: string[]): boolean {
  const memo = new Map<number, boolean>();
  const width = actual.length + 1;
  const at = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === expected.length) result = j === actual.length;
    else if (isEllipsis(expected[i]!)) result = at(i + 1, j) || (j < actual.length && at(i, j + 1));
    else result = j < actual.length && lineMatches(expected[i]!, actual[j]!) && at(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return at(0, 0);
}

const CONTEXT = 3;

function unifiedDiff(expected: string[], actual: string[], startLine: number, label: string): string {
  const changes = diffArrays(expected, actual, {
    comparator: (left: string, right: string) => isEllipsis(left) || lineMatches(left, right),
  });
  // Flatten to (kind, text, oldLine, newLine) rows.
  interface Row {
    kind: ' ' | '-' | '+';
    text: string;
    oldLine: number;
    newLine: number;
  }
  const rows: Row[] = [];
  let oldLine = startLine;
  let newLine = 1;
  for (const change of changes) {
    for (const text of change.value) {
      if (change.added) rows.push({ kind: '+', text, oldLine, newLine: newLine++ });
      else if (change.removed) rows.push({ kind: '-', text, oldLine: oldLine++, newLine });
      else rows.push({ kind: ' ', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  const lines = [`--- expected (${label}:${startLine})`, '+++ actual output'];
  let index = 0;
  while (index < rows.length) {
    if (rows[index]!.kind === ' ') {
      index += 1;
      continue;
    }
    // A hunk: from CONTEXT rows before this change to CONTEXT rows after the last change close by.
    const start = Math.max(0, index - CONTEXT);
    let end = index;
    let lastChange = index;
    while (end < rows.length && end - lastChange <= CONTEXT * 2) {
      if (rows[end]!.kind !== ' ') lastChange = end;
      end += 1;
    }
    end = Math.min(rows.length, lastChange + CONTEXT + 1);
    const hunk = rows.slice(start, end);
    const oldCount = hunk.filter((row) => row.kind !== '+').length;
    const newCount = hunk.filter((row) => row.kind !== '-').length;
    lines.push(`@@ -${hunk[0]!.oldLine},${oldCount} +${hunk[0]!.newLine},${newCount} @@`);
    for (const row of hunk) lines.push(`${row.kind}${row.text}`);
    index = end;
  }
  return lines.join('\n');
}
