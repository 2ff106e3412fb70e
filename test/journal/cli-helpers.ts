import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { alive } from '../helpers-processes.js';
import { tempDir as trackedTempDir } from '../helpers-temp.js';

export const root = join(import.meta.dirname, '..', '..');
let snapshot: string | undefined;

/**
 * The built CLI, copied once per test file into node_modules/.cache (packages still resolve
 * from the repository's node_modules): other suites rebuilding dist/ meanwhile cannot pull
 * chunks from under a long test.
 */
export function cliPath(): string {
  if (snapshot) return snapshot;
  const cache = join(root, 'node_modules', '.cache');
  const dir = join(cache, `runbook-journal-tests-${process.pid}`);
  // Snapshots of test processes that are gone.
  for (const name of existsSync(cache) ? readdirSync(cache) : []) {
    const pid = Number(/^runbook-journal-tests-(\d+)$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(cache, name), { recursive: true, force: true });
  }
  if (!existsSync(join(dir, 'dist', 'runbook.js'))) {
    cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
    cpSync(join(root, 'schemas'), join(dir, 'schemas'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  }
  snapshot = join(dir, 'dist', 'runbook.js');
  return snapshot;
}
export const fixtures = join(root, 'test', 'fixtures', 'journal');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment CLI tests run with: no colors, the journal fixtures' fake tools first on PATH. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', PATH: `${join(fixtures, 'bin')}${delimiter}${process.env.PATH}`, ...extra };
}

/** Runs the built CLI without a terminal. */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath(), ...args], { encoding: 'utf8', cwd: options.cwd ?? root, env: cliEnv(options.env), input: '', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI asynchronously (several at once keep a slow suite short). */
export function runCliAsync(args: string[], options: { env?: Record<string, string>; killAfterMs?: number; shell?: string; killer?: (kill: () => void) => void } = {}): Promise<CliResult & { killed: boolean }> {
  return new Promise((resolve) => {
    const command = options.shell ? ['bash', ['-c', options.shell]] as const : [process.execPath, [cliPath(), ...args]] as const;
    const child = spawn(command[0], [...command[1]], { cwd: root, env: cliEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    const kill = () => {
      if (closed) return;
      killed = true;
      // The whole process group, as a power cut or the OOM killer would: no handler runs.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    if (options.killAfterMs !== undefined) timer = setTimeout(kill, options.killAfterMs);
    options.killer?.(kill);
    child.on('close', (code) => {
      closed = true;
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

/** A private directory, removed when the test file has finished. */
export function tempDir(prefix = 'runbook-journal-'): string {
  return trackedTempDir(prefix);
}

/** The journal files in a directory, oldest first. */
export function journalFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/** A small seeded PRNG (mulberry32): the same kill moments on every run of the suite. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
