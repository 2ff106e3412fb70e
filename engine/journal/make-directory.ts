import { closeSync, existsSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` with mode 0700 for the directories it creates. Not `mkdirSync({ recursive: true })`:
 * on some file systems (e.g. under /proc) Node's recursive mkdir loops forever instead of failing.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let current = resolve(dir); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const path of missing) mkdirSync(path, { mode: 0o700 });
}

/** fsync a directory so a new entry in it survives a power cut (best effort). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on directories
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
