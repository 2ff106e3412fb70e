/**
 * Bounded retention of a stream: the first `headBytes` and the last `tailBytes` are kept as
 * Buffers (no string concatenation per chunk); whatever falls between is counted and dropped.
 */

export interface OutputBuffer {
  push(chunk: Buffer): void;
  /** Total bytes seen. */
  readonly size: number;
  readonly truncated: boolean;
  /** The retained text; when truncated, head and tail joined by a line saying how much was left out. */
  text(): string;
}

export const DEFAULT_HEAD_BYTES = 2 * 1024 * 1024;
export const DEFAULT_TAIL_BYTES = 2 * 1024 * 1024;

export function createOutputBuffer(headBytes = DEFAULT_HEAD_BYTES, tailBytes = DEFAULT_TAIL_BYTES): OutputBuffer {
  const head: Buffer[] = [];
  let headSize = 0;
  let tail: Buffer[] = [];
  let tailSize = 0;
  let size = 0;

  return {
    push(chunk) {
      size += chunk.length;
      let rest = chunk;
      if (headSize < headBytes) {
        const take = Math.min(headBytes - headSize, rest.length);
        head.push(rest.subarray(0, take));
        headSize += take;
        rest = rest.subarray(take);
      }
      if (rest.length === 0) return;
      tail.push(rest);
      tailSize += rest.length;
      // Drop whole chunks from the front while what remains still covers tailBytes.
      let drop = 0;
      while (drop < tail.length && tailSize - tail[drop]!.length >= tailBytes) {
        tailSize -= tail[drop]!.length;
        drop += 1;
      }
      if (drop > 0) tail = tail.slice(drop);
    },
    get size() {
      return size;
    },
    get truncated() {
      return size > headSize + tailSize || tailSize > tailBytes;
    },
    text() {
      const headText = Buffer.concat(head).toString('utf8');
      if (tailSize === 0) return headText;
      let tailBuffer = Buffer.concat(tail);
      const omittedBeforeTail = size - headSize - tailSize;
      let omitted = omittedBeforeTail;
      if (tailBuffer.length > tailBytes) {
        omitted += tailBuffer.length - tailBytes;
        tailBuffer = tailBuffer.subarray(tailBuffer.length - tailBytes);
      }
      if (omitted === 0) return headText + tailBuffer.toString('utf8');
      return `${headText}\n[… ${omitted} bytes of output not kept …]\n${tailBuffer.toString('utf8')}`;
    },
  };
}
