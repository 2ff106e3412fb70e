/**
 * The shell server's session-state read-back: a step's EXIT trap writes `export -p` and `$PWD`,
 * framed by its nonce, to one FIFO that Node does not watch (bash writes `export -p` a line at a
 * time, and waking Node for each of some 40 lines cost more than reading them all at once). Node
 * reads it at the trap's last word (`D`), or every few milliseconds after the trap said it began
 * (`E`), should a huge environment fill the pipe.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';

export interface StateFifo {
  /** Opens the FIFO (read-write, non-blocking: never end-of-file); false if it cannot. */
  open(file: string): boolean;
  /** Takes what the FIFO holds now (it never blocks). */
  read(): void;
  /** The state the command with `nonce` wrote, if all of it came; what was read is dropped. */
  take(nonce: string): { exported: string; cwd: string } | undefined;
  close(): void;
}

/** Read into, then copied out: a state is a few kilobytes, read at every step. */
const stateBuffer = Buffer.allocUnsafe(65536);

export function createStateFifo(): StateFifo {
  let fd: number | undefined;
  let chunks: Buffer[] = [];
  return {
    open(file) {
      try {
        fd = openSync(file, constants.O_RDWR | constants.O_NONBLOCK);
        return true;
      } catch {
        return false;
      }
    },
    read() {
      if (fd === undefined) return;
      for (;;) {
        let count: number;
        try {
          count = readSync(fd, stateBuffer, 0, stateBuffer.length, null);
        } catch {
          return; // EAGAIN: empty
        }
        if (count <= 0) return;
        chunks.push(Buffer.from(stateBuffer.subarray(0, count)));
        // Less than asked for: the pipe is empty now (asking again would only throw EAGAIN, and an
        // exception costs more than the read).
        if (count < stateBuffer.length) return;
      }
    },
    take(nonce) {
      const text = Buffer.concat(chunks).toString('utf8');
      chunks = [];
      return parseState(text, nonce);
    },
    close() {
      if (fd === undefined) return;
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      fd = undefined;
    },
  };
}

/** The state in `text`: `\0S<nonce>\0` `export -p` `\0<cwd>\0E<nonce>\0`. */
export function parseState(text: string, nonce: string): { exported: string; cwd: string } | undefined {
  const start = text.lastIndexOf(`\0S${nonce}\0`);
  const end = text.lastIndexOf(`\0E${nonce}\0`);
  if (start === -1 || end < start) return undefined;
  const body = text.slice(start + nonce.length + 3, end);
  const separator = body.lastIndexOf('\0');
  if (separator === -1) return undefined;
  return { exported: body.slice(0, separator), cwd: body.slice(separator + 1) };
}
