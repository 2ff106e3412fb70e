import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * The shared reference inputs (`npm run test:corpus`): every seed checks with no error and
 * lists exactly one step per shell fence; every corpus file checks without crashing.
 * Skipped when ../shared is not there.
 */
const root = resolve(import.meta.dirname, '../..');
// RUNBOOK_SHARED points elsewhere (a worktree whose ../shared is not the shared folder).
const shared = resolve(root, process.env.RUNBOOK_SHARED ?? '../shared');
const bin = join(root, 'bin/runbook.js');
const SHELLS = new Set(['bash', 'sh', 'shell', 'zsh', 'console']);

function cli(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
}

/** The oracle: a plain line scanner, independent of remark, counting shell fences. */
function countShellFences(text: string): number {
  let count = 0;
  let open: { char: string; length: number } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[\s>]*/, '');
    if (open) {
      const closing = new RegExp(`^\\${open.char}{${open.length},}\\s*$`);
      if (closing.test(line)) open = undefined;
      continue;
    }
    const match = /^(`{3,}|~{3,})\s*([^\s`{]*)/.exec(line);
    if (!match) continue;
    open = { char: match[1]![0]!, length: match[1]!.length };
    if (SHELLS.has(match[2]!.toLowerCase())) count++;
  }
  return count;
}

const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((name) => !name.endsWith('.tsv')).sort() : []);

describe.skipIf(!existsSync(shared))('shared seeds and corpus', () => {
  const seeds = list(join(shared, 'seeds'));
  const corpus = list(join(shared, 'corpus'));

  test('there is something to check', () => {
    expect(seeds.length).toBeGreaterThan(0);
  });

  for (const name of seeds) {
    test.concurrent(`seed ${name}: checks clean, one step per shell fence`, () => {
      const path = join(shared, 'seeds', name);
      const checked = cli(['check', path, '--json']);
      expect(checked.stderr).not.toMatch(/internal error/);
      const errors = (JSON.parse(checked.stdout) as { severity: string }[]).filter((message) => message.severity === 'error');
      expect(errors).toEqual([]);
      expect(checked.status).toBe(0);
      const listed = cli(['list', path, '--json']);
      expect(listed.status).toBe(0);
      const steps = JSON.parse(listed.stdout) as { kind: string; lifted?: boolean }[];
      const fences = countShellFences(readFileSync(path, 'utf8'));
      if (fences > 0) {
        // Without --lift a document with fences has exactly its shell fences as steps.
        expect(steps.length).toBe(fences);
        expect(steps.every((step) => step.kind === 'command' && !step.lifted)).toBe(true);
      } else {
        // No shell fence at all: the prose procedure is lifted, and every step says so.
        expect(steps.length).toBeGreaterThan(0);
        expect(steps.every((step) => step.lifted === true)).toBe(true);
      }
    });
  }

  for (const name of corpus) {
    test.concurrent(`corpus ${name}: checks without crashing`, () => {
      const result = cli(['check', join(shared, 'corpus', name)]);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      expect([0, 2]).toContain(result.status);
    });
  }
});
