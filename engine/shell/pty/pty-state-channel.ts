/**
 * The channel a step's bash in a pseudo-terminal reports its session state on (`export -p` and
 * `$PWD`, written by its EXIT trap): a FIFO in a private 0700 directory. A pty gives the child
 * only its terminal (every descriptor Node opens is close-on-exec), so the trap opens the FIFO
 * by name; then it marks the end of the output on the terminal and waits on a second FIFO until
 * Node has read that far (node-pty stops reading a terminal soon after its process is gone, so a
 * busy Node would lose what was still unread). Node holds the FIFOs open read-write and non-blocking (never end-of-file, the trap's
 * open never waits); a FIFO holds its data in memory, nothing reaches the disk.
 */
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync, rmSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { makeFifoDirectory } from '../server/fifo-pool.js';
import { findProgram } from '../spawn/find-program.js';

export interface PtyStateChannel {
  /** The FIFO's path, for the trap. */
  readonly path: string;
  /** The FIFO the trap waits on before it exits, until Node has read all the step's output. */
  readonly ackPath: string;
  /** Lets the waiting trap go. */
  ack(): void;
  /** Resolves with what the next report says (text before the end mark), or undefined if none came in `waitMs` after `ended()`. */
  next(endMark: string): { text: Promise<string | undefined>; ended(waitMs: number): void };
  close(): void;
}

/**
 * Makes the FIFOs (one `mkfifo`) and starts reading them. Their directory is made like the shell
 * server's (server/fifo-pool.ts: in memory where possible, named for its owner), so one left by
 * a runner killed outright is removed by the next run.
 */
export async function openPtyStateChannel(): Promise<PtyStateChannel> {
  const dir = makeFifoDirectory();
  const path = join(dir, 'state');
  const ackPath = join(dir, 'ack');
  try {
    await new Promise<void>((resolve, reject) => {
      // By its absolute path: an operator's PATH may leave it out (spawn/find-program.ts).
      const maker = spawn(findProgram('mkfifo', process.env.PATH) ?? 'mkfifo', ['-m', '600', '--', path, ackPath], { stdio: 'ignore' });
      maker.on('error', reject);
      maker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo exited ${code}`))));
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  const ackFd = openSync(ackPath, constants.O_RDWR | constants.O_NONBLOCK);
  const socket = new Socket({ fd, readable: true, writable: false });
  socket.setEncoding('latin1');
  let buffer = '';
  let waiter: ((chunk: string) => void) | undefined;
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    waiter?.(chunk);
  });
  socket.on('error', () => undefined);
  return {
    path,
    ackPath,
    ack() {
      try {
        writeSync(ackFd, '\n');
      } catch {
        // Full (nobody read the last ones): the trap has its own time limit.
      }
    },
    next(endMark) {
      buffer = '';
      let settle: (text: string | undefined) => void = () => {};
      let timer: NodeJS.Timeout | undefined;
      const text = new Promise<string | undefined>((resolve) => (settle = resolve));
      const check = (): boolean => {
        const end = buffer.indexOf(endMark);
        if (end === -1) return false;
        clearTimeout(timer);
        waiter = undefined;
        const body = buffer.slice(0, end);
        buffer = buffer.slice(end + endMark.length);
        settle(Buffer.from(body, 'latin1').toString('utf8'));
        return true;
      };
      waiter = () => void check();
      return {
        text,
        ended(waitMs) {
          if (check()) return;
          timer = setTimeout(() => {
            waiter = undefined;
            settle(undefined);
          }, waitMs);
        },
      };
    },
    close() {
      socket.destroy();
      closeSync(ackFd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
