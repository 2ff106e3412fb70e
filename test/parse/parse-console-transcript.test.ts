import { expect, test } from 'vitest';
import { parseConsoleTranscript } from '../../engine/parse/parse-console-transcript.js';

test('`$ ` lines are the command, the rest its expected output with runbook line numbers', () => {
  expect(parseConsoleTranscript('$ kubectl get pods\nNAME  READY\nagent 1/1\n', 10)).toEqual({
    command: 'kubectl get pods',
    expected: { lines: ['NAME  READY', 'agent 1/1'], startLine: 11, lineNumbers: [11, 12] },
  });
});

test('`> ` lines and lines after a trailing backslash continue the command', () => {
  const { command, expected } = parseConsoleTranscript("$ printf 'x' |\n> tr x y\ny\n$ echo a \\\n  b\na b", 1);
  expect(command).toBe("printf 'x' |\ntr x y\necho a \\\n  b");
  expect(expected).toEqual({ lines: ['y', 'a b'], startLine: 3, lineNumbers: [3, 6] });
});

test('a `> ` line after output is output, not a continuation', () => {
  expect(parseConsoleTranscript('$ cat quote.txt\nfirst line\n> quoted text', 1).expected?.lines).toEqual(['first line', '> quoted text']);
});

test('without output there is no expected output; without any `$ ` the whole text is the command', () => {
  expect(parseConsoleTranscript('$ true\n\n', 1)).toEqual({ command: 'true' });
  expect(parseConsoleTranscript('systemctl restart agent\n', 1)).toEqual({ command: 'systemctl restart agent\n' });
});
