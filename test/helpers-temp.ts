/**
 * Temporary directories that tests remove. A directory made here lives until its test file has
 * finished (test/setup-temp.ts removes them all in an afterAll that runs after the file's own
 * hooks), so one made in beforeAll, at describe level or inside a test is there for as long as
 * anything in the file may use it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** A new directory under the system temp dir, named `<prefix>XXXXXX`; removed when the test file ends. */
export function tempDir(prefix = 'runbook-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every directory tempDir() made (test/setup-temp.ts calls it after each file). */
export function removeTempDirs(): void {
  for (const dir of made) {
    // A process a test left behind may still be writing into it: a few retries.
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    made.delete(dir);
  }
}
