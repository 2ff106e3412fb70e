import { parseConsoleTranscript } from '../parse/parse-console-transcript.js';
import type { RawFence } from '../parse/types.js';
import type { Transcript } from '../contracts/step-graph.js';

/** A shell fence's command, and its expected output (a console transcript or an `output` fence). */
export function fenceCommand(fence: RawFence): { command: string; expected?: Transcript } {
  const node = fence.node;
  const firstLine = (node.position?.start.line ?? 0) + 1;
  const result = fence.lang === 'console' ? parseConsoleTranscript(node.value, firstLine) : { command: node.value };
  if (result.expected) {
    result.expected.position = node.position;
    return result;
  }
  if (fence.output && fence.output.value.trim()) {
    const lines = fence.output.value.replace(/\n+$/, '').split('\n');
    return {
      command: result.command,
      expected: { lines, startLine: (fence.output.position?.start.line ?? 0) + 1, position: fence.output.position },
    };
  }
  return result;
}
