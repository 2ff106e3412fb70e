import { JSONPath } from 'jsonpath-plus';
import { expect, test } from 'vitest';
import { jsonPathError } from '../../engine/graph/check-json-path.js';
import { parseDuration } from '../../engine/graph/parse-duration.js';
import { parseTextMatcher, regexError, splitRegexLiteral } from '../../engine/graph/parse-text-matcher.js';
import { parseTarget } from '../../engine/graph/resolve-target.js';

test('durations', () => {
  expect(['30s', '5m', '1h', '500ms', '1m30s', '1.5s', '2d'].map(parseDuration)).toEqual([30_000, 300_000, 3_600_000, 500, 90_000, 1500, 172_800_000]);
  expect(['30', 's', '5 minutes', '1m 30s', '-1s', ''].map(parseDuration)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
});

test('text matchers: regex literals, transcripts, substrings', () => {
  expect(parseTextMatcher('/Crash(Loop)?/i', 3)).toEqual({ kind: 'regex', source: 'Crash(Loop)?', flags: 'i' });
  expect(parseTextMatcher('a\n[..]\n...\n', 7)).toEqual({ kind: 'transcript', transcript: { lines: ['a', '[..]', '...'], startLine: 7 } });
  expect(parseTextMatcher('/usr/bin', 1)).toEqual({ kind: 'substring', text: '/usr/bin' });
  expect(splitRegexLiteral('/a/b/g')).toEqual({ source: 'a/b', flags: 'g' });
  expect(regexError('(')).toMatch(/Unterminated group/);
  expect(regexError('a+', 'i')).toBeUndefined();
});

test('JSONPaths we accept are ones jsonpath-plus evaluates', () => {
  const data = { checks: { mqtt: { status: 'down' } }, items: [{ name: 'a' }, { name: 'b' }], 'odd key': 1 };
  const good = ['$', '$.checks.mqtt.status', '$..status', '$.items[0].name', '$.items[-1:]', "$['odd key']", '$.items[*].name', '$.items[?(@.name=="b")]'];
  for (const path of good) {
    expect(jsonPathError(path), path).toBeUndefined();
    expect(() => JSONPath({ path, json: data, wrap: true })).not.toThrow();
  }
  expect(jsonPathError('checks.status')).toBe('expected it to start with `$`');
  expect(jsonPathError('$.items[0')).toBe('unclosed `[` at character 8');
  expect(jsonPathError('$.')).toBe('expected a name after `.` at character 3');
  expect(jsonPathError('$.a b')).toBe('unexpected ` ` at character 4');
});

test('targets as written', () => {
  expect(['next', 'stop', 'continue', 'end:resolved', '#if-running', 'pod-status', 'end:', '#'].map(parseTarget)).toEqual([
    { kind: 'next' },
    { kind: 'stop' },
    { kind: 'continue' },
    { kind: 'end', outcome: 'resolved' },
    { kind: 'anchor', slug: 'if-running' },
    { kind: 'id', id: 'pod-status' },
    { kind: 'invalid', reason: 'Unexpected empty outcome after `end:`, expected a word such as `end:resolved`' },
    { kind: 'invalid', reason: 'Unexpected empty anchor `#`, expected `#heading-slug`' },
  ]);
});
