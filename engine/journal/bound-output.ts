import type { RunEvent } from '../contracts/run-event.js';

export const DEFAULT_MAX_OUTPUT_BYTES_PER_STEP = 256 * 1024;

/**
 * Bounds the output journaled per step execution: the events to store for each event given
 * (none, the event, or a cut `output` and one `warning`). Every sink stores through one.
 */
export function createOutputBound(limit = DEFAULT_MAX_OUTPUT_BYTES_PER_STEP): (event: RunEvent) => RunEvent[] {
  let outputBytes = 0;
  let truncatedStep: string | undefined;
  return (event) => {
    if (event.type === 'step-started') {
      outputBytes = 0;
      truncatedStep = undefined;
    }
    if (event.type === 'step-finished' && truncatedStep === event.stepId && !event.outputTruncated) return [{ ...event, outputTruncated: true }];
    if (event.type !== 'output') return [event];
    if (truncatedStep === event.stepId) return [];
    const bytes = Buffer.byteLength(event.text);
    if (outputBytes + bytes <= limit) {
      outputBytes += bytes;
      return [event];
    }
    const room = limit - outputBytes;
    const kept: RunEvent[] = room > 0 ? [{ ...event, text: sliceBytes(event.text, room) }] : [];
    outputBytes = limit;
    truncatedStep = event.stepId;
    const message = `output truncated in the journal after ${formatBytes(limit)} for this step`;
    return [...kept, { type: 'warning', time: event.time, stepId: event.stepId, message }];
  };
}

/** The longest prefix of `text` that fits in `bytes` UTF-8 bytes, never splitting a character. */
function sliceBytes(text: string, bytes: number): string {
  const buffer = Buffer.from(text).subarray(0, bytes);
  return buffer.toString('utf8').replace(/\uFFFD$/, '');
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
