/**
 * Node's end of the shims' FIFO protocol (`shim-functions.ts` describes it): a directory with
 * a request FIFO, an idle FIFO (nobody writes it: timed reads wait on it) and a pool of reply
 * FIFOs, made by one `mkfifo` when the rehearsal starts. Each request is answered by the world
 * at once, on Node's event loop: a simulated command costs a few system calls, not a process.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, readdirSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import type { World } from './create-world.js';

/** Reply slots: simulated commands that can be waiting for the world at once. */
export const SLOTS = 32;

export interface WorldChannel {
  /** The directory (on the host). */
  readonly dir: string;
  /** Frees every slot (a step ended: no shim of it is still waiting). */
  releaseAll(): void;
  close(): void;
}

export function openWorldChannel(world: World, dir: string, options: { timeScale: number }): WorldChannel {
  const fifos = ['q', 'idle', ...Array.from({ length: SLOTS }, (_, i) => `r${i}`)].map((name) => join(dir, name));
  const made = spawnSync('mkfifo', ['-m', '600', ...fifos], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (made.error || made.status !== 0) {
    throw new Error(`rehearsal: could not make the simulated world's FIFOs (mkfifo: ${made.error?.message ?? made.stderr.toString().trim()})`);
  }
  // Read-write: the request FIFO never reports end-of-file when no shim has it open.
  const fd = openSync(join(dir, 'q'), constants.O_RDWR | constants.O_NONBLOCK);
  const requests = new Socket({ fd, readable: true, writable: false });
  requests.unref();
  let pending = '';
  requests.setEncoding('latin1');
  requests.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      if (line.startsWith('F')) free(line.slice(1));
      else answer(line);
    }
  });

  function answer(slot: string): void {
    if (!/^[0-9]+$/.test(slot) || Number(slot) >= SLOTS) return;
    let argv: string[];
    try {
      argv = readFileSync(join(dir, `a${slot}`)).toString('utf8').split('\0').slice(0, -1);
    } catch {
      return;
    }
    const reply = world.answer(argv);
    const delayMs = reply.delayMs / options.timeScale;
    try {
      writeFileSync(join(dir, `o${slot}`), reply.stdout);
      writeFileSync(join(dir, `e${slot}`), reply.stderr);
      // The shim holds its reply FIFO open: this open does not block (ENXIO if it has gone).
      const out = openSync(join(dir, `r${slot}`), constants.O_WRONLY | constants.O_NONBLOCK);
      try {
        writeSync(out, `${reply.exit} ${delayMs > 0 ? (delayMs / 1000).toFixed(3) : '0'}\n`);
      } finally {
        closeSync(out);
      }
    } catch {
      // The shim was stopped while it waited: nobody to answer.
    }
  }

  function free(slot: string): void {
    if (!/^[0-9]+$/.test(slot)) return;
    try {
      unlinkSync(join(dir, `l${slot}`));
    } catch {
      // already free
    }
  }

  return {
    dir,
    releaseAll() {
      for (const name of readdirSync(dir)) if (name.startsWith('l')) free(name.slice(1));
    },
    close() {
      requests.destroy();
    },
  };
}
