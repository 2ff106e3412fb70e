/**
 * What a command printed, as it comes: bounded retention of stdout, stderr and the interleaved
 * output, and live text for `onOutput` (decoded per stream; stops once `onOutput` returns false).
 */
import { StringDecoder } from 'node:string_decoder';
import { createOutputBuffer } from './create-output-buffer.js';
import type { ExecRequest } from '../../contracts/run-seams.js';

export interface OutputLimits {
  headBytes?: number;
  tailBytes?: number;
}

export interface OutputCollector {
  push(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** The stream ended: flush its decoder. */
  end(stream: 'stdout' | 'stderr'): void;
  retained(): { stdout: string; stderr: string; output: string; truncated: boolean };
}

export function createOutputCollector(request: Pick<ExecRequest, 'onOutput'>, limits: OutputLimits = {}): OutputCollector {
  const buffers = {
    stdout: createOutputBuffer(limits.headBytes, limits.tailBytes),
    stderr: createOutputBuffer(limits.headBytes, limits.tailBytes),
  };
  const output = createOutputBuffer(limits.headBytes, limits.tailBytes);
  const decoders: Record<'stdout' | 'stderr', StringDecoder | undefined> = {
    stdout: request.onOutput ? new StringDecoder('utf8') : undefined,
    stderr: request.onOutput ? new StringDecoder('utf8') : undefined,
  };
  const deliver = (stream: 'stdout' | 'stderr', text: string): void => {
    if (text && request.onOutput!(stream, text) === false) decoders[stream] = undefined;
  };
  return {
    push(stream, chunk) {
      if (chunk.length === 0) return;
      buffers[stream].push(chunk);
      output.push(chunk);
      const decoder = decoders[stream];
      if (decoder) deliver(stream, decoder.write(chunk));
    },
    end(stream) {
      const decoder = decoders[stream];
      decoders[stream] = undefined;
      if (decoder) deliver(stream, decoder.end());
    },
    retained() {
      return {
        stdout: buffers.stdout.text(),
        stderr: buffers.stderr.text(),
        output: output.text(),
        truncated: buffers.stdout.truncated || buffers.stderr.truncated || output.truncated,
      };
    },
  };
}
