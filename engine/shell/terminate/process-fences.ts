/**
 * Fences around a step's processes, so that a stop or a timeout reaches everything the step
 * started, whatever it did to leave its process group (`setsid`, double forks, `set -m` jobs,
 * `setpgid`, `nohup`), and so that what a step leaves running when it ends is stopped unless the
 * step says `background: true`.
 *
 * - `cgroup`: where a cgroup v2 hierarchy is ours to write (root, or a delegated subtree), each
 *   step's shell moves itself into a cgroup of the run before its command runs; nothing a
 *   process does takes it out of there, and `cgroup.kill` ends them all at once.
 * - `environ`: elsewhere, each step's environment carries `RUNBOOK_STEP_TOKEN`, inherited by
 *   everything it starts; the step's processes are found by scanning `/proc/<pid>/environ`. A
 *   process that starts another with an emptied environment (`env -i`) escapes it.
 * Either way a process another daemon starts for the step (`systemd-run`, `docker run`, `at`,
 * a tmux server already running, `ssh` to another machine) is not the step's and is not
 * stopped. docs/running.md says so.
 */
import { createCgroupFences, findCgroup } from './cgroup-fences.js';
import { createEnvironFences } from './environ-fences.js';

export interface StepFence {
  /** The `cgroup.procs` file the step's shell writes its pid to before its command runs ('' for none). */
  readonly joinFile: string;
  /** Environment the step's shell gets on top of its own (the token of the `environ` fence). */
  readonly env: Record<string, string>;
  /** Sends `signal` to every process of the step; the fence is then not reused. */
  signal(signal: NodeJS.Signals): void;
  /**
   * The step's shell gave its last word (`shellPid` may still be exiting): what it left running
   * is let go (`background`) or stopped (SIGTERM now, SIGKILL after the grace period).
   */
  settle(background: boolean, shellPid: number | undefined): void;
}

export interface ProcessFences {
  readonly kind: 'cgroup' | 'environ';
  /** A fence for the next step. */
  next(): StepFence;
  /** The cgroup whose `cgroup.kill` stops every step of the run (for the server's dying trap; made with the first step); '' for none. */
  readonly root: string;
  /** Stops what is left of the steps (not the background ones) and removes the fences' cgroups. */
  close(): Promise<void>;
}

export interface ProcessFenceOptions {
  /** `auto` (default): a cgroup where possible, else the environment token. */
  fence?: 'auto' | 'cgroup' | 'environ';
  killGraceMs: number;
}

export function createProcessFences(options: ProcessFenceOptions): ProcessFences {
  const want = options.fence ?? 'auto';
  if (want !== 'environ') {
    const cgroup = findCgroup();
    if (cgroup) return createCgroupFences(cgroup, options.killGraceMs);
    if (want === 'cgroup') throw new Error('runbook: no writable cgroup v2 hierarchy here (see docs/running.md)');
  }
  return createEnvironFences(options.killGraceMs);
}
