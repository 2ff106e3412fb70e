/**
 * Expected output (a `console` transcript or an `output` fence) against what a command printed.
 * Trailing whitespace and trailing blank lines are ignored; `[..]` in a line matches any text
 * within that line; a line holding only `...` matches any number of lines. On mismatch, a
 * unified diff whose `-` side carries the runbook's line numbers.
 */
import { diffArrays } from 'diff';
import type { Transcript } from '../contracts/step-graph.js';

export interface TranscriptMatch {
  passed: boolean;
  /** Unified diff (expected vs actual) when it did not match. */
  diff?: string;
}

export function matchTranscript(transcript: Transcript, actualText: string, label = 'runbook'): TranscriptMatch {
  const expected = normalizeLines(transcript.lines);
  const actual = normalizeLines(actualText.split('\n'));
  if (linesMatch(expected, actual)) return { passed: true };
  const lineOf = (index: number): number => transcript.lineNumbers?.[index] ?? transcript.startLine + index;
  return { passed: false, diff: unifiedDiff(expected, actual, lineOf, transcript.startLine, label) };
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

interface Row {
  kind: ' ' | '-' | '+';
  text: string;
  oldLine: number;
  newLine: number;
  /** An actual line a `...` stood for (context on the new side only). */
  absorbed?: boolean;
}

/** Largest expected × actual grid aligned exactly; beyond it, a plain line diff. */
const MAX_GRID = 4_000_000;

/** `lineOf(i)`: the runbook line of expected line i. */
type LineOf = (index: number) => number;

function unifiedDiff(expected: string[], actual: string[], lineOf: LineOf, startLine: number, label: string): string {
  const rows =
    (expected.length + 1) * (actual.length + 1) <= MAX_GRID ? alignRows(expected, actual, lineOf) : plainRows(expected, actual, lineOf);
  const lines = [`--- expected (${label}:${startLine})`, '+++ actual output'];
  let index = 0;
  while (index < rows.length) {
    if (rows[index]!.kind === ' ') {
      index += 1;
      continue;
    }
    // A hunk: CONTEXT rows around changes, merging changes that are close.
    const start = Math.max(0, index - CONTEXT);
    let lastChange = index;
    let end = index;
    while (end < rows.length && end - lastChange <= CONTEXT * 2) {
      if (rows[end]!.kind !== ' ') lastChange = end;
      end += 1;
    }
    end = Math.min(rows.length, lastChange + CONTEXT + 1);
    const hunk = rows.slice(start, end);
    const oldCount = hunk.filter((row) => row.kind !== '+' && !row.absorbed).length;
    const newCount = hunk.filter((row) => row.kind !== '-').length;
    // Rows a `...` absorbed are new-side context only: the old side starts at its first own row.
    const oldStart = (hunk.find((row) => row.kind !== '+' && !row.absorbed) ?? hunk[0]!).oldLine;
    lines.push(`@@ -${oldStart},${oldCount} +${hunk[0]!.newLine},${newCount} @@`);
    for (const row of hunk) lines.push(`${row.kind}${row.text}`);
    index = end;
  }
  return lines.join('\n');
}

/**
 * The cheapest edit script where `[..]` lines match as they would in the check and a `...` line
 * absorbs any number of actual lines for free (shown once, as context).
 */
function alignRows(expected: string[], actual: string[], lineOf: LineOf): Row[] {
  const width = actual.length + 1;
  const cost = new Int32Array((expected.length + 1) * width);
  for (let i = expected.length; i >= 0; i -= 1) {
    for (let j = actual.length; j >= 0; j -= 1) {
      let value: number;
      if (i === expected.length) value = actual.length - j;
      else if (isEllipsis(expected[i]!)) value = Math.min(cost[(i + 1) * width + j]!, j < actual.length ? cost[i * width + j + 1]! : Infinity);
      else if (j === actual.length) value = 1 + cost[(i + 1) * width + j]!;
      else {
        value = 1 + Math.min(cost[(i + 1) * width + j]!, cost[i * width + j + 1]!);
        if (lineMatches(expected[i]!, actual[j]!)) value = Math.min(value, cost[(i + 1) * width + j + 1]!);
      }
      cost[i * width + j] = value;
    }
  }
  const rows: Row[] = [];
  let i = 0;
  let j = 0;
  let shownEllipsis = -1;
  while (i < expected.length || j < actual.length) {
    const here = cost[i * width + j]!;
    const oldLine = lineOf(Math.min(i, expected.length - 1)) + (i >= expected.length ? 1 : 0);
    const newLine = j + 1;
    if (i < expected.length && isEllipsis(expected[i]!)) {
      if (shownEllipsis !== i) rows.push({ kind: ' ', text: expected[i]!, oldLine, newLine });
      shownEllipsis = i;
      // Leave the `...` as soon as that costs no more: a line the rest of the transcript can
      // match is matched there, not swallowed (`a / ... / d / E` against `a X b c d e` is
      // `-E +e`, not `-d -E`).
      if (cost[(i + 1) * width + j] === here || j >= actual.length) i += 1;
      else {
        // Absorbed by `...`: shown as context, so the reader sees what it stood for.
        rows.push({ kind: ' ', text: actual[j]!, oldLine, newLine, absorbed: true });
        j += 1;
      }
      continue;
    }
    if (i < expected.length && j < actual.length && lineMatches(expected[i]!, actual[j]!) && cost[(i + 1) * width + j + 1] === here) {
      rows.push({ kind: ' ', text: actual[j]!, oldLine, newLine });
      i += 1;
      j += 1;
    } else if (i < expected.length && 1 + cost[(i + 1) * width + j]! === here) {
      rows.push({ kind: '-', text: expected[i]!, oldLine, newLine });
      i += 1;
    } else {
      rows.push({ kind: '+', text: actual[j]!, oldLine, newLine });
      j += 1;
    }
  }
  return rows;
}

function plainRows(expected: string[], actual: string[], lineOf: LineOf): Row[] {
  const rows: Row[] = [];
  let oldIndex = 0;
  let newLine = 1;
  const line = (): number => lineOf(Math.min(oldIndex, expected.length - 1)) + (oldIndex >= expected.length ? 1 : 0);
  for (const change of diffArrays(expected, actual, { comparator: (left: string, right: string) => lineMatches(left, right) })) {
    for (const text of change.value) {
      if (change.added) rows.push({ kind: '+', text, oldLine: line(), newLine: newLine++ });
      else if (change.removed) rows.push({ kind: '-', text, oldLine: line(), newLine }), (oldIndex += 1);
      else rows.push({ kind: ' ', text, oldLine: line(), newLine: newLine++ }), (oldIndex += 1);
    }
  }
  return rows;
}
