import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const runbooksDir = join(repoRoot, 'runbooks');
const cliPath = join(repoRoot, 'bin', 'runbook.js');

/** Every file under runbooks/ whose name ends with `suffix`, as repo-relative POSIX paths, sorted. */
export function filesUnderRunbooks(suffix: string): string[] {
  return readdirSync(runbooksDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => relative(repoRoot, join(runbooksDir, name)).split(sep).join('/'))
    .sort();
}

/** The runbooks (Markdown files) under runbooks/. */
export const runbookFiles = (): string[] => filesUnderRunbooks('.md');

/** The rehearsal scenarios under runbooks/. */
export const scenarioFiles = (): string[] => filesUnderRunbooks('.scenario.yaml');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI from the repository root, without a terminal and without colour. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** At most `limit` tasks at a time (the machine has two cores shared with other suites). */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A finished task hands its slot straight to the next waiter, so `active` never exceeds the limit.
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
