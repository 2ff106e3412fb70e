/**
 * The stdin of a step that runs in a bash of its own (spawn-bash.ts), as the shell server's steps
 * have it (server-process.ts): a FIFO that Node holds open and never writes, so that a step
 * reading it waits, and is stopped as waiting for input (terminate/waits-on-stdin.ts), instead
 * of reading end-of-file. Made at the first step that needs it and removed from its directory at
 * once: children get Node's descriptor, and the FIFO is known by its device and inode, so
 * nothing is left on disk however the process ends.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fifoIdentity } from '../terminate/waits-on-stdin.js';

export interface HeldStdin {
  /** Node's descriptor of the FIFO (given to a child as its stdin) and its identity; undefined where none can be made. */
  open(): { fd: number; identity: string } | undefined;
  close(): void;
}

/** Opens a FIFO read-write without blocking: it has a writer (never writing) for as long as Node holds it; undefined if it cannot. */
export function holdFifo(file: string): number | undefined {
  try {
    return openSync(file, constants.O_RDWR | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
}

export function createHeldStdin(mkfifo: string | undefined): HeldStdin {
  let held: { fd: number; identity: string } | undefined;
  let failed = mkfifo === undefined;
  return {
    open() {
      if (held || failed) return held;
      const dir = mkdtempSync(path.join(tmpdir(), 'runbook-stdin-'));
      try {
        const file = path.join(dir, 'stdin');
        if (spawnSync(mkfifo!, ['--', file], { stdio: 'ignore' }).status !== 0) throw new Error('mkfifo failed');
        const fd = holdFifo(file);
        if (fd === undefined) throw new Error('cannot open the FIFO');
        held = { fd, identity: fifoIdentity(fd) };
      } catch {
        failed = true;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return held;
    },
    close() {
      if (held) closeSync(held.fd);
      held = undefined;
    },
  };
}
