/**
 * The stdin of a step that runs in a bash of its own (spawn-bash.ts), as the shell server's steps
 * have it (server-process.ts): a FIFO that Node holds open and never writes, so that a step
 * reading it waits, and is stopped as waiting for input (terminate/waits-on-stdin.ts), instead
 * of reading end-of-file. Made at the first step that needs it, in a private directory removed
 * at `close`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface HeldStdin {
  /** The FIFO and Node's descriptor of it (given to a child as its stdin); undefined where none can be made. */
  open(): { file: string; fd: number } | undefined;
  close(): void;
}

export function createHeldStdin(mkfifo: string | undefined): HeldStdin {
  let held: { dir: string; file: string; fd: number } | undefined;
  let failed = mkfifo === undefined;
  const remove = (): void => {
    if (held) rmSync(held.dir, { recursive: true, force: true });
  };
  return {
    open() {
      if (held || failed) return held;
      let dir: string | undefined;
      try {
        dir = mkdtempSync(path.join(tmpdir(), 'runbook-stdin-'));
        const file = path.join(dir, 'stdin');
        if (spawnSync(mkfifo!, ['--', file], { stdio: 'ignore' }).status !== 0) throw new Error('mkfifo failed');
        held = { dir, file, fd: openSync(file, constants.O_RDWR | constants.O_NONBLOCK) };
        // Not closed (a run that exits without closing its executor): the directory goes anyway.
        process.once('exit', remove);
      } catch {
        failed = true;
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
      return held;
    },
    close() {
      if (!held) return;
      process.removeListener('exit', remove);
      closeSync(held.fd);
      remove();
      held = undefined;
    },
  };
}
