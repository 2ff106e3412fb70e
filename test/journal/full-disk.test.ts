/**
 * SPEC §5: a command never starts while an event before it could not be written. Real runs
 * journal to a real 64 KiB tmpfs until it is full; every step that ran must have its
 * `step-started` on disk, and `resume` (once there is room again) runs no finished step twice.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../engine/journal/read-journal.js';
import { journalFiles, runCliAsync, tempDir } from './cli-helpers.js';
import { sampleEvenly } from '../sweep.js';

const work = tempDir('runbook-full-disk-');
const mounts: string[] = [];

/** A tmpfs of `size`, or undefined when this machine cannot mount one (not root, no CAP_SYS_ADMIN). */
function tmpfs(name: string, size: string): string | undefined {
  const dir = join(work, name);
  mkdirSync(dir);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}
const probe = tmpfs('probe', '64k');
if (!probe) console.warn('full-disk tests skipped: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)');

afterAll(() => {
  for (const dir of mounts) spawnSync('umount', [dir]);
  rmSync(work, { recursive: true, force: true });
});

/** 24 steps, each noting that it ran (outside the tmpfs) and printing `bytes` bytes. */
function runbook(marks: string, bytes: number): string {
  const path = join(work, `disk-${bytes}.md`);
  const steps = Array.from({ length: 24 }, (_, i) => `## Step ${i}\n\n\`\`\`bash\necho step-${i} >> ${marks}\nhead -c ${bytes} /dev/zero | tr '\\0' x; echo\n\`\`\`\n`);
  writeFileSync(path, `# Disk\n\n${steps.join('\n')}`);
  return path;
}

function counts(marks: string): Map<string, number> {
  const ran = new Map<string, number>();
  const lines = existsSync(marks) ? readFileSync(marks, 'utf8').split('\n').filter(Boolean) : [];
  for (const id of lines) ran.set(id, (ran.get(id) ?? 0) + 1);
  return ran;
}

describe.skipIf(!probe)('a full disk under the journal', () => {
  // Seven output sizes put the full disk at different events; three of them in `npm test` (test/sweep.ts).
  it.each(sampleEvenly([3500, 4500, 6000, 9000, 13000, 17000, 21000], 3))('starts no command once a write failed, and resume runs no finished step twice (%i bytes a step)', { timeout: 60_000 }, async (bytes) => {
    const journal = tmpfs(`j${bytes}`, '64k')!;
    const marks = join(work, `marks-${bytes}`);
    const file = runbook(marks, bytes);
    const first = await runCliAsync(['run', file, '--yes', '--journal', journal]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/journal: no space left on device writing .*; the run was stopped\. Free some space, then `runbook resume \S+`/);

    const events = readJournal(journalFiles(journal)[0]!).events;
    const started = new Set(events.flatMap((event) => (event.type === 'step-started' ? [event.stepId] : [])));
    const finished = new Set(events.flatMap((event) => (event.type === 'step-finished' ? [event.stepId] : [])));
    // Every command that ran had its start on disk before it ran.
    expect([...counts(marks).keys()].filter((id) => !started.has(id))).toEqual([]);

    expect(spawnSync('mount', ['-o', 'remount,size=4m', journal]).status).toBe(0);
    const resumed = await runCliAsync(['resume', '--yes', '--journal', journal]);
    expect(resumed.stderr).not.toMatch(/Error|at .*\.js/);
    expect(resumed.code).toBe(0);
    const ran = counts(marks);
    for (let i = 0; i < 24; i++) {
      const id = `step-${i}`;
      // A finished step never runs again; the one interrupted by the full disk runs again.
      expect([id, ran.get(id)]).toEqual([id, finished.has(id) || !started.has(id) ? 1 : 2]);
    }
  });
});
