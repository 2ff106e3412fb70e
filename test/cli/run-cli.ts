import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { delimiter, join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const cliPath = join(repoRoot, 'bin', 'runbook.js');
export const fixtureBin = join(repoRoot, 'test', 'fixtures', 'cli', 'bin');

/** Runs the built CLI with no terminal, the fixture executables first on PATH. */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', PATH: `${fixtureBin}${delimiter}${process.env.PATH}`, ...options.env },
    timeout: 60_000,
  });
}
