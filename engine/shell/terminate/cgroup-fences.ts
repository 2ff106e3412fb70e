/**
 * The `cgroup` fence (process-fences.ts): a cgroup of the run, `runbook-<pid>-<random>`, beside
 * the runner in its own cgroup v2, holding one cgroup per step. A step that ends with nothing
 * left behind hands its cgroup to a later step (a `mkdir` in cgroupfs costs more than the rest
 * of a trivial step); a step that was stopped or left processes behind retires its cgroup: what
 * it left gets SIGTERM, then `cgroup.kill` after the grace period, and the cgroup is removed
 * once empty. Processes of a `background: true` step are moved back to the runner's cgroup.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProcessFences, StepFence } from './process-fences.js';

/** The runner's own cgroup v2 directory, if it is ours to make cgroups in and move processes out of. */
export function findCgroup(): string | undefined {
  try {
    const own = /^0::(\/.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
    if (own === undefined) return undefined;
    // mountinfo: `id parent major:minor root mountpoint options … - fstype source options`
    for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
      const [before, after] = line.split(' - ');
      if (!after?.startsWith('cgroup2 ')) continue;
      const fields = before!.split(' ');
      const root = fields[3]!;
      const mount = fields[4]!;
      if (own !== root && !own.startsWith(root === '/' ? '/' : `${root}/`)) continue;
      const dir = path.join(mount, path.relative(root, own));
      accessSync(path.join(dir, 'cgroup.procs'), constants.W_OK);
      accessSync(dir, constants.W_OK);
      return dir;
    }
  } catch {
    // no cgroup v2, or not ours to write
  }
  return undefined;
}

/** Pids in a cgroup (empty if it is gone). */
function members(dir: string): number[] {
  try {
    return readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function write(file: string, text: string): boolean {
  try {
    writeFileSync(file, text);
    return true;
  } catch {
    return false;
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone
  }
}

function removeWhenEmpty(dir: string, tries: number): void {
  try {
    rmdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // EBUSY: processes killed a moment ago are still exiting.
    if (code === 'EBUSY' && tries > 0) setTimeout(() => removeWhenEmpty(dir, tries - 1), 20).unref();
  }
}

/** Empty cgroups left by runners that died (their pid is gone); populated ones stay. */
function sweepStale(parent: string): void {
  for (const name of readdirSync(parent)) {
    const pid = /^runbook-(\d+)-/.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || existsSync(`/proc/${pid}`)) continue;
    const dir = path.join(parent, name);
    try {
      for (const step of readdirSync(dir, { withFileTypes: true })) if (step.isDirectory()) rmdirSync(path.join(dir, step.name));
      rmdirSync(dir);
    } catch {
      // not empty: someone's processes are still in there
    }
  }
}

export function createCgroupFences(own: string, killGraceMs: number): ProcessFences {
  const root = path.join(own, `runbook-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  let made = false;
  let count = 0;
  /** Step cgroups that ended clean, for the next steps. */
  const free: string[] = [];
  const inUse = new Set<string>();
  const retired = new Set<string>();

  const retire = (dir: string): void => {
    inUse.delete(dir);
    if (retired.has(dir)) return;
    retired.add(dir);
    for (const pid of members(dir)) kill(pid, 'SIGTERM');
    setTimeout(() => {
      write(path.join(dir, 'cgroup.kill'), '1');
      retired.delete(dir);
      removeWhenEmpty(dir, 50);
    }, killGraceMs).unref();
  };

  const fenceFor = (dir: string): StepFence => {
    let signalled = false;
    return {
      joinFile: path.join(dir, 'cgroup.procs'),
      env: {},
      signal(signal) {
        signalled = true;
        if (signal === 'SIGKILL') write(path.join(dir, 'cgroup.kill'), '1');
        else for (const pid of members(dir)) kill(pid, signal);
      },
      settle(background, shellPid) {
        if (signalled) return retire(dir);
        let left = members(dir).filter((pid) => pid !== shellPid);
        // Declared to outlive the step: moved back to the runner's cgroup (again, for any that forked meanwhile).
        for (let round = 0; background && left.length > 0 && round < 10; round++) {
          for (const pid of left) write(path.join(own, 'cgroup.procs'), String(pid));
          left = members(dir).filter((pid) => pid !== shellPid);
        }
        if (left.length > 0) retire(dir);
        else if (inUse.delete(dir)) free.push(dir);
      },
    };
  };

  return {
    kind: 'cgroup',
    root,
    next() {
      if (!made) {
        try {
          sweepStale(own);
        } catch {
          // only tidying
        }
        mkdirSync(root);
        made = true;
      }
      let dir = free.pop();
      if (dir === undefined) {
        dir = path.join(root, `s${(count += 1)}`);
        mkdirSync(dir);
      }
      inUse.add(dir);
      return fenceFor(dir);
    },
    async close() {
      if (!made) return;
      write(path.join(root, 'cgroup.kill'), '1');
      const dirs = [...retired, ...inUse, ...free.splice(0)];
      retired.clear();
      inUse.clear();
      // A step's shell that gave its last word a moment ago may still be exiting (EBUSY).
      for (let tries = 0; tries < 200; tries++) {
        for (const dir of dirs.splice(0)) {
          try {
            rmdirSync(dir);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EBUSY') dirs.push(dir);
          }
        }
        if (dirs.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      try {
        // Also the step cgroups retired after the grace period, already gone or going.
        for (const step of readdirSync(root, { withFileTypes: true })) if (step.isDirectory()) removeWhenEmpty(path.join(root, step.name), 0);
        rmdirSync(root);
        made = false;
      } catch {
        // still emptying: removed by the next runner's sweep
      }
    },
  };
}
