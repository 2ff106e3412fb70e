import type { Transcript } from '../contracts/step-graph.js';

/**
 * A ```` ```console ```` fence as a transcript: lines starting `$ ` are commands (`> ` lines, or
 * lines after one ending in `\`, continue them), the other lines are their expected output.
 * Several commands make one step: their commands joined by newlines, their outputs concatenated.
 * Without any `$ ` line the whole text is the command (people write `console` for plain commands).
 * `firstLine` is the runbook line of the fence's first content line.
 */
export function parseConsoleTranscript(value: string, firstLine: number): { command: string; expected?: Transcript } {
  const lines = value.split('\n').map((line) => line.replace(/\r$/, ''));
  if (!lines.some(isPrompt)) return { command: value };

  const commands: string[] = [];
  const expected: string[] = [];
  const lineNumbers: number[] = [];
  // In a command: after its `$ ` line and its continuations, before its first output line.
  let inCommand = false;
  let backslash = false;
  lines.forEach((line, index) => {
    if (isPrompt(line)) {
      commands.push(line.slice(2));
      inCommand = true;
      backslash = line.endsWith('\\');
    } else if (inCommand && (backslash || line === '>' || line.startsWith('> '))) {
      const text = line === '>' || line.startsWith('> ') ? line.slice(2) : line;
      commands[commands.length - 1] += '\n' + text;
      backslash = text.endsWith('\\');
    } else if (commands.length > 0) {
      inCommand = false;
      backslash = false;
      expected.push(line);
      lineNumbers.push(firstLine + index);
    }
  });
  while (expected.length > 0 && expected[expected.length - 1]!.trim() === '') {
    expected.pop();
    lineNumbers.pop();
  }
  const command = commands.join('\n');
  if (expected.length === 0) return { command };
  return { command, expected: { lines: expected, startLine: lineNumbers[0]!, lineNumbers } };
}

function isPrompt(line: string): boolean {
  return line.startsWith('$ ') || line === '$';
}
