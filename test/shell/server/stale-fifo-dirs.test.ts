/**
 * A shell server's FIFO directory outlives a runbook whose whole process tree was killed at once
 * (SIGKILL of Node and of its server: no EXIT trap runs). The next runbook removes it: each
 * directory names its owner (pid and start time), and one whose owner is gone is stale.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { forgetSweptPlaces, removeStaleFifoDirs } from '../../../engine/shell/server/stale-fifo-dirs.js';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'runbook.js');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-stale-'));
  forgetSweptPlaces();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 50))) if (check()) return true;
  return check();
}

/** This process's start time, as /proc/PID/stat field 22 holds it. */
function ownStart(): string {
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

it('removes the directories whose owner is gone, keeps those of live owners and those it does not know', () => {
  const gone = spawnSync('true').pid!;
  const make = (name: string, owner?: string): void => {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'o0'), '');
    if (owner !== undefined) writeFileSync(join(dir, name, 'owner'), owner);
  };
  make('runbook-shell-gone', `${gone} 12345`);
  make('runbook-shell-live', `${process.pid} ${ownStart()}`);
  make('runbook-shell-reused', `${process.pid} ${Number(ownStart()) + 1}`);
  make('runbook-shell-old');
  utimesSync(join(dir, 'runbook-shell-old'), new Date(Date.now() - 25 * 3600_000), new Date(Date.now() - 25 * 3600_000));
  make('runbook-shell-new');
  make('other-gone', `${gone} 12345`);
  expect(removeStaleFifoDirs(dir)).toBe(3);
  expect(readdirSync(dir).sort()).toEqual(['other-gone', 'runbook-shell-live', 'runbook-shell-new']);
});

it('a runbook started after one killed with its shell server removes the directory left behind', async () => {
  const runtime = join(dir, 'runtime');
  mkdirSync(runtime, { mode: 0o700 });
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime, RUNBOOK_JOURNAL: join(dir, 'journal') };
  const marker = `${41 + Math.floor(Math.random() * 1000)}.4747`;
  writeFileSync(join(dir, 'slow.md'), `# Slow\n\n\`\`\`bash\nsleep ${marker}\n\`\`\`\n`);
  writeFileSync(join(dir, 'quick.md'), '# Quick\n\n```bash\necho quick\n```\n');
  const child = spawn(process.execPath, [cli, 'run', join(dir, 'slow.md'), '--yes'], { env, stdio: 'ignore' });
  const pids = (pattern: string) => spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
  try {
    expect(await until(() => pids(`sleep ${marker}`).length > 0, 20_000)).toBe(true);
    const [left] = readdirSync(runtime);
    expect(left).toMatch(/^runbook-shell-/);
    // The whole tree at once: the runbook, its shell server (named by its FIFO directory) and the step.
    const tree = [child.pid!, ...pids(join(runtime, left!)), ...pids(`sleep ${marker}`)];
    for (const pid of tree) process.kill(pid, 'SIGKILL');
    expect(await until(() => tree.every((pid) => spawnSync('kill', ['-0', String(pid)]).status !== 0), 5_000)).toBe(true);
    expect(readdirSync(runtime)).toEqual([left]);

    const quick = spawnSync(process.execPath, [cli, 'run', join(dir, 'quick.md'), '--yes'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(quick.status, quick.stderr).toBe(0);
    expect(quick.stdout + quick.stderr).toContain('quick');
    expect(existsSync(join(runtime, left!))).toBe(false);
    expect(await until(() => readdirSync(runtime).length === 0, 5_000)).toBe(true);
  } finally {
    child.kill('SIGKILL');
    spawnSync('pkill', ['-KILL', '-f', `sleep ${marker}`]);
  }
});
