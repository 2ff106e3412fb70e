/**
 * The reader of one output FIFO of the shell server: it takes a command's output up to that
 * command's end mark, read once at the end for a command that ends at once, streamed for one
 * that runs on.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { Socket } from 'node:net';
import type { OutputCollector } from '../io/create-output-collector.js';

export interface FifoReader {
  /** Its path. */
  readonly file: string;
  /** Reading for one command: its end mark, where its output goes. */
  start(mark: Buffer, collector: OutputCollector, name: 'stdout' | 'stderr'): void;
  /** Streams what comes from now on, as it comes (a command that did not end at once). */
  live(): void;
  /** Takes what the FIFO holds, then resolves when the end mark came (or after `ms`). */
  ended(ms: number): Promise<void>;
  /** Closes it (the FIFO itself is removed by the caller). */
  close(): void;
}
/** One read of a FIFO that is not streamed yet: copied out, as the collector keeps what it gets. */
const fifoBuffer = Buffer.allocUnsafe(65536);

/**
 * Reads one FIFO until the end mark. Opened read-write so that it never reports end-of-file
 * (a writer may come and go); the mark, possibly split across reads, is never passed on.
 * It may be opened before its command is known (`start`): nothing writes to it before.
 * Most commands end within a millisecond or two: their FIFOs are read once, at the end, without
 * a stream (a socket made, watched and destroyed cost some 0.1 ms a step); `live()` makes one for
 * a command still running after a few milliseconds, whose output is then shown as it comes.
 */
export function openFifo(file: string): FifoReader {
  const fd = openSync(file, constants.O_RDWR | constants.O_NONBLOCK);
  let socket: Socket | undefined;
  let mark: Buffer = Buffer.alloc(0);
  let collector: OutputCollector | undefined;
  let name: 'stdout' | 'stderr' = 'stdout';
  let carry: Buffer | undefined;
  let done = false;
  let onDone: (() => void) | undefined;
  const finish = (): void => {
    if (done) return;
    done = true;
    collector?.end(name);
    socket?.pause();
    onDone?.();
  };
  const take = (chunk: Buffer): void => {
    if (done || !collector) return;
    const data = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    const at = data.indexOf(mark);
    if (at !== -1) {
      collector.push(name, data.subarray(0, at));
      finish();
      return;
    }
    // Hold back a tail that could be the start of the mark.
    let keep = 0;
    for (let length = Math.min(mark.length - 1, data.length); length > 0; length -= 1) {
      if (data[data.length - length] === 0 && data.subarray(data.length - length).equals(mark.subarray(0, length))) {
        keep = length;
        break;
      }
    }
    collector.push(name, keep > 0 ? data.subarray(0, data.length - keep) : data);
    if (keep > 0) carry = Buffer.from(data.subarray(data.length - keep));
  };
  /** Takes what the FIFO holds now (it never blocks), unless a stream does. */
  const drain = (): void => {
    while (!socket && !done) {
      let count: number;
      try {
        count = readSync(fd, fifoBuffer, 0, fifoBuffer.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') finish();
        return;
      }
      if (count <= 0) return;
      take(Buffer.from(fifoBuffer.subarray(0, count)));
      if (count < fifoBuffer.length) return;
    }
  };
  return {
    file,
    start(newMark, newCollector, newName) {
      mark = newMark;
      collector = newCollector;
      name = newName;
    },
    live() {
      if (socket || done) return;
      drain();
      if (done) return;
      socket = new Socket({ fd, readable: true, writable: false });
      socket.on('data', take);
      socket.on('error', finish);
    },
    ended(ms) {
      drain();
      if (done) return Promise.resolve();
      this.live();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          if (carry) collector?.push(name, carry);
          carry = undefined;
          finish();
        }, ms);
        onDone = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    close() {
      if (socket) {
        socket.destroy();
        return;
      }
      try {
        closeSync(fd);
      } catch {
        // closed already
      }
    },
  };
}
