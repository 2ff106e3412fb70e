/**
 * The processes of a rehearsal sandbox, seen from the host. The sandbox's shell server runs in
 * a PID namespace of its own, so the pids it reports mean nothing here: a step is stopped, and
 * what it left behind is killed, by finding the sandbox's processes in the host's /proc (same
 * PID namespace as the server) and signalling them by their host pids.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface SandboxProcesses {
  /**
   * Signals every process of the sandbox but the server and the subshell it forked ahead (both
   * hold the server's stdin on fd 0; a step's processes never do): the running step's whole
   * tree, and anything an earlier step left running. Returns how many were signalled.
   */
  signalSteps(signal: NodeJS.Signals): number;
  /** Kills the server itself: the kernel then kills every process left in its PID namespace. */
  killAll(): void;
}

/** `pidFile` is where the sandbox wrote the server's host pid (it reads /proc/self/stat before leaving the host's /proc). */
export function sandboxProcesses(pidFile: string): SandboxProcesses {
  let server: { pid: number; ns: string; stdin: string } | undefined;
  const locate = (): typeof server => {
    if (server) return server;
    try {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 1) return undefined;
      server = { pid, ns: readlinkSync(`/proc/${pid}/ns/pid`), stdin: readlinkSync(`/proc/${pid}/fd/0`) };
    } catch {
      return undefined;
    }
    return server;
  };
  return {
    signalSteps(signal) {
      const found = locate();
      if (!found) return 0;
      let count = 0;
      for (const name of readdirSync('/proc')) {
        const pid = Number(name);
        if (!Number.isInteger(pid) || pid === found.pid) continue;
        try {
          if (readlinkSync(`/proc/${pid}/ns/pid`) !== found.ns) continue;
          if (readlinkLenient(`/proc/${pid}/fd/0`) === found.stdin) continue;
          process.kill(pid, signal);
          count += 1;
        } catch {
          // gone meanwhile, or not ours to look at
        }
      }
      return count;
    },
    killAll() {
      const found = locate();
      if (!found) return;
      try {
        if (readlinkSync(`/proc/${found.pid}/ns/pid`) === found.ns) process.kill(found.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

function readlinkLenient(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
