/**
 * The `environ` fence (process-fences.ts), where no cgroup is ours: each step's environment
 * carries `RUNBOOK_STEP_TOKEN=<token>`, which every process it starts inherits unless it is
 * started with an emptied environment; the step's processes are those whose `/proc/<pid>/environ`
 * holds it. Reading every process's environment takes a few milliseconds, so the processes a
 * step left behind are looked for a moment after it ends, for all steps that ended meanwhile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessFences, StepFence } from './process-fences.js';

export const STEP_TOKEN = 'RUNBOOK_STEP_TOKEN';

/** How long the search for what ended steps left behind waits, to cover several steps at once. */
const SWEEP_AFTER_MS = 50;

/** Processes (other than this one) whose environment holds one of `tokens`, by token. */
export function findByToken(tokens: Set<string>): Map<string, number[]> {
  const found = new Map<string, number[]>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return found;
  }
  const needles = [...tokens].map((token) => ({ token, bytes: Buffer.from(`\0${STEP_TOKEN}=${token}\0`) }));
  for (const pid of pids) {
    let environ: Buffer;
    try {
      // A leading NUL, so that the first variable is found like the others.
      environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${pid}/environ`), Buffer.from([0])]);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const { token, bytes } of needles) {
      if (environ.includes(bytes)) found.set(token, [...(found.get(token) ?? []), Number(pid)]);
    }
  }
  return found;
}

function kill(pids: number[] | undefined, signal: NodeJS.Signals): void {
  for (const pid of pids ?? []) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone
    }
  }
}

export function createEnvironFences(killGraceMs: number): ProcessFences {
  let count = 0;
  const prefix = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  /** Tokens of steps that ended and may have left processes behind. */
  const ended = new Set<string>();
  let sweep: NodeJS.Timeout | undefined;

  const sweepEnded = (): void => {
    sweep = undefined;
    const tokens = new Set(ended);
    ended.clear();
    const found = findByToken(tokens);
    for (const pids of found.values()) kill(pids, 'SIGTERM');
    if (found.size === 0) return;
    setTimeout(() => {
      for (const pids of findByToken(new Set(found.keys())).values()) kill(pids, 'SIGKILL');
    }, killGraceMs).unref();
  };

  const fenceFor = (token: string): StepFence => ({
    joinFile: '',
    env: { [STEP_TOKEN]: token },
    signal(signal) {
      kill(findByToken(new Set([token])).get(token), signal);
    },
    settle(background) {
      if (background) return;
      ended.add(token);
      sweep ??= setTimeout(sweepEnded, SWEEP_AFTER_MS);
      sweep.unref();
    },
  });

  return {
    kind: 'environ',
    root: '',
    next() {
      return fenceFor(`${prefix}-${(count += 1)}`);
    },
    async close() {
      if (sweep) clearTimeout(sweep);
      if (ended.size === 0) return;
      const tokens = new Set(ended);
      ended.clear();
      for (const pids of findByToken(tokens).values()) kill(pids, 'SIGKILL');
    },
  };
}
