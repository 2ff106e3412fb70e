/**
 * Whether a step waits for input that no one will type. An unattended step's stdin is a FIFO
 * that Node holds open and never writes (server/held-stdin.ts): a process that reads it blocks
 * for good, where `/dev/null` would have answered end-of-file (and a `read -p "Drain $node?"`
 * loop would have drained every node unasked). Linux tells which system call a blocked thread
 * is in and on which descriptor: a read on the FIFO, or a `select`/`poll` over that one
 * descriptor (vim waits so), is a wait for input. Elsewhere (no `/proc`) nothing is found and
 * the step waits until its timeout.
 */
import { fstatSync, readdirSync, readFileSync, statSync } from 'node:fs';

interface Calls {
  /** read, pread64, readv: the descriptor is the first argument. */
  reads: Set<number>;
  /** select, pselect6: the first argument is the highest descriptor + 1 (1: stdin alone). */
  selects: Set<number>;
  /** poll, ppoll: the second argument is the number of descriptors (1: stdin alone, taken as it). */
  polls: Set<number>;
}

const CALLS: Record<string, Calls> = {
  x64: { reads: new Set([0, 17, 19]), selects: new Set([23, 270]), polls: new Set([7, 271]) },
  arm64: { reads: new Set([63, 65, 67]), selects: new Set([72]), polls: new Set([73]) },
};

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** `DEV:INODE` of an open file: how a FIFO is known, whether or not it still has a name. */
export function fifoIdentity(fd: number): string {
  const stat = fstatSync(fd);
  return `${stat.dev}:${stat.ino}`;
}

/** `DEV:INODE` of what a process's descriptor is open on (undefined: gone, or not ours to see). */
function link(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/** The descriptor a blocked thread waits to read, from its `/proc/…/syscall` line. */
function waitedDescriptor(line: string, calls: Calls): number | undefined {
  const [number, first, second] = line.trim().split(' ').map((field) => Number.parseInt(field, field.startsWith('0x') ? 16 : 10));
  if (number === undefined || Number.isNaN(number)) return undefined; // running
  if (calls.reads.has(number)) return first;
  if (calls.selects.has(number) && first === 1) return 0;
  if (calls.polls.has(number) && second === 1) return 0;
  return undefined;
}

/**
 * The process blocked reading the FIFO `fifo` (`DEV:INODE`: `fifoIdentity`), named with its pid
 * as the failure names it, if any. Only processes whose stdin is that FIFO are looked at.
 */
export function findStdinWaiter(fifo: string): string | undefined {
  const calls = CALLS[process.arch];
  if (!calls) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    if (link(`/proc/${pid}/fd/0`) !== fifo) continue;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone
    }
    for (const task of tasks) {
      const fd = waitedDescriptor(read(`/proc/${pid}/task/${task}/syscall`) ?? '', calls);
      if (fd !== undefined && link(`/proc/${pid}/fd/${fd}`) === fifo) return `${(read(`/proc/${pid}/comm`) ?? '?').trim()} (pid ${pid})`;
    }
  }
  return undefined;
}
