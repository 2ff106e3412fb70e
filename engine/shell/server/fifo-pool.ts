/**
 * The shell server's FIFOs: a private 0700 directory (in memory where possible) holding a pair
 * of FIFOs per command, made in batches by one `mkfifo` that Node starts ahead of need, beside
 * the commands instead of before one. The next command's pair is opened while the current one
 * runs (Node is idle then); a finished pair is closed and removed at the next turn of the event
 * loop, off the step's path.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openFifo, type FifoReader } from './fifo-reader.js';
import { FIFO_DIR_PREFIX, removeStaleFifoDirs, writeFifoDirOwner } from './stale-fifo-dirs.js';

/**
 * FIFO pairs made at a time: enough for most runbooks in the first batch (made while bash
 * starts), more as it goes on. The next batch starts while a command runs once fewer than
 * `FIFO_LOW_WATER` pairs are left.
 */
const FIRST_FIFO_BATCH = 64;
const MAX_FIFO_BATCH = 512;
const FIFO_LOW_WATER = 8;

export interface FifoPool {
  readonly dir: string;
  /** Starts making the next batch, unless one is coming (the caller starts the first). */
  make(): void;
  /** The index of the next unused pair, once made; undefined if `mkfifo` failed or the pool closed. */
  pair(): Promise<number | undefined>;
  /** Opens the next command's pair ahead (and tops up the pool), if it is made. */
  prepareNext(): void;
  /** The readers of pair `index`: opened ahead, or now. */
  open(index: number): FifoReader[];
  /** Readers of an ended command: closed, and their FIFOs removed, at the next turn of the event loop. */
  retire(readers: FifoReader[]): void;
  /** Closes every reader and removes the directory (again once a batch being made is done). */
  close(): void;
}

export interface FifoPoolOptions {
  /** `mkfifo`, by its absolute path (spawn-bash/find-program.ts), and the environment it runs in. */
  mkfifo: string;
  env: Record<string, string>;
  /** More FIFOs to make with the first batch, and what to do once they are made (false: failed). */
  first?: { names: string[]; made(dir: string): boolean };
}

export function createFifoPool(options: FifoPoolOptions): FifoPool {
  const dir = makeFifoDirectory();
  let made = 0;
  let next = 0;
  let coming: Promise<boolean> | undefined;
  let prepared: { index: number; readers: FifoReader[] } | undefined;
  const spent: FifoReader[] = [];
  let closed = false;

  const make = (): void => {
    if (coming || closed) return;
    const from = made;
    const to = from + Math.min(MAX_FIFO_BATCH, Math.max(FIRST_FIFO_BATCH, from));
    const names: string[] = [];
    for (let index = from; index < to; index++) names.push(`o${index}`, `e${index}`);
    if (from === 0) names.push(...(options.first?.names ?? []));
    // In the private 0700 directory, so the FIFOs' own mode does not matter.
    coming = new Promise<boolean>((resolve) => {
      const maker = spawn(options.mkfifo, ['--', ...names], { cwd: dir, env: options.env, stdio: 'ignore' });
      maker.on('error', () => resolve(false));
      maker.on('exit', (code) => resolve(code === 0));
    }).then((ok) => {
      coming = undefined;
      if (!ok || closed) return false;
      if (from === 0 && options.first && !options.first.made(dir)) return false;
      made = to;
      return true;
    });
  };

  const openPair = (index: number): FifoReader[] => {
    const stdout = openFifo(path.join(dir, `o${index}`));
    try {
      return [stdout, openFifo(path.join(dir, `e${index}`))];
    } catch (error) {
      stdout.close();
      throw error;
    }
  };

  const closeSpent = (): void => {
    for (const reader of spent.splice(0)) {
      reader.close();
      try {
        unlinkSync(reader.file);
      } catch {
        // gone with its directory
      }
    }
  };

  const dropPrepared = (): void => {
    for (const reader of prepared?.readers ?? []) reader.close();
    prepared = undefined;
  };

  const removeDirectory = (): void => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // ENOTEMPTY: `mkfifo` still adding; removed when it is done
    }
  };

  return {
    dir,
    make,
    async pair() {
      while (next >= made) {
        make();
        if (!(await coming)) return undefined;
      }
      return next++;
    },
    prepareNext() {
      if (made - next < FIFO_LOW_WATER) make();
      if (closed || prepared || next >= made) return;
      try {
        prepared = { index: next, readers: openPair(next) };
      } catch {
        // opened (or reported) when the command comes
      }
    },
    open(index) {
      const ahead = prepared;
      prepared = undefined;
      if (ahead?.index === index) return ahead.readers;
      if (ahead) for (const reader of ahead.readers) reader.close();
      return openPair(index);
    },
    retire(readers) {
      spent.push(...readers);
      setImmediate(closeSpent);
    },
    close() {
      closed = true;
      dropPrepared();
      closeSpent();
      removeDirectory();
      void coming?.then(removeDirectory);
    },
  };
}

/**
 * Where the FIFOs go: a memory file system when there is one (`$XDG_RUNTIME_DIR`, made for such
 * files, else `/dev/shm`). On a disk file system each FIFO made and removed is a journaled
 * metadata change, which cost more than the rest of a trivial step (docs/running.md).
 */
export function makeFifoDirectory(): string {
  for (const candidate of [process.env.XDG_RUNTIME_DIR, '/dev/shm']) {
    if (!candidate || !path.isAbsolute(candidate)) continue;
    try {
      return ownedDirectory(candidate);
    } catch {
      // not there, not ours to write, or full: the next place
    }
  }
  return ownedDirectory(tmpdir());
}

/** A new FIFO directory in `parent`, with its owner file, once the stale ones there are gone (stale-fifo-dirs.ts). */
function ownedDirectory(parent: string): string {
  removeStaleFifoDirs(parent);
  const dir = mkdtempSync(path.join(parent, FIFO_DIR_PREFIX));
  try {
    writeFifoDirOwner(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}
