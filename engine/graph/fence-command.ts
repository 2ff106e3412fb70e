import { CONSOLE_LANGS, JS_LANGS } from '../parse/fence-language.js';
import { hasPrompts, parseConsoleTranscript } from '../parse/parse-console-transcript.js';
import type { RawFence } from '../parse/types.js';
import type { Transcript } from '../contracts/step-graph.js';

/** A shell fence's command, and its expected output (a console transcript or an `output` fence). */
export function fenceCommand(fence: RawFence): { command: string; expected?: Transcript } {
  const node = fence.node;
  const firstLine = (node.position?.start.line ?? 0) + 1;
  // A console-like fence, or a shell fence whose commands carry prompts, is a transcript.
  const rootPrompt = CONSOLE_LANGS.has(fence.lang);
  // JavaScript is never a transcript (a `$` there is zx's).
  const transcript = !JS_LANGS.has(fence.lang) && (rootPrompt || hasPrompts(node.value));
  const result = transcript ? parseConsoleTranscript(node.value, firstLine, { rootPrompt }) : { command: node.value };
  if (result.expected) {
    result.expected.position = node.position;
    result.expected.example = !assertsOutput(result.expected.lines);
    return result;
  }
  if (fence.output && fence.output.value.trim()) {
    const lines = fence.output.value.replace(/\n+$/, '').split('\n');
    return {
      command: result.command,
      expected: { lines, startLine: (fence.output.position?.start.line ?? 0) + 1, position: fence.output.position, example: !assertsOutput(lines) },
    };
  }
  return result;
}

/** Output is an assertion when its author used wildcards: `[..]` within a line, or a line `...`. */
function assertsOutput(lines: string[]): boolean {
  return lines.some((line) => line.includes('[..]') || line.trim() === '...');
}
