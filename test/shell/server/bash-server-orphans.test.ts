import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { findCgroup } from '../../../engine/shell/terminate/cgroup-fences.js';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'runbook.js');
const running = (pattern: string) => spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.trim();

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

it('leaves no shell, no step process and no cgroup behind when runbook itself is killed with SIGKILL', async () => {
  const marker = `${31 + Math.floor(Math.random() * 1000)}.4242`;
  const escaped = `${32 + Math.floor(Math.random() * 1000)}.4343`;
  const dir = mkdtempSync(join(tmpdir(), 'runbook-orphans-'));
  try {
    const file = join(dir, 'orphans.md');
    writeFileSync(file, `# Orphans\n\n\`\`\`bash\nsetsid sleep ${escaped} &\nsleep ${marker}\n\`\`\`\n`);
    const child = spawn(process.execPath, [cli, 'run', file, '--yes', '--no-journal'], { stdio: 'ignore' });
    expect(await until(() => running(`sleep ${marker}`) !== '' && running(`sleep ${escaped}`) !== '', 10_000)).toBe(true);
    const shell = spawnSync('pgrep', ['-f', `runbook-shell`], { encoding: 'utf8' }).stdout;
    expect(shell).not.toBe('');
    const cgroup = findCgroup();
    const ours = () => (cgroup ? readdirSync(cgroup).filter((name) => name.startsWith(`runbook-${child.pid}-`)) : []);
    if (cgroup) expect(ours()).toHaveLength(1);
    child.kill('SIGKILL');
    expect(await until(() => running(`sleep ${marker}`) === '', 5_000)).toBe(true);
    // Out of the step's process group: only the cgroup finds it.
    if (cgroup) {
      expect(await until(() => running(`sleep ${escaped}`) === '', 5_000)).toBe(true);
      expect(await until(() => ours().length === 0, 5_000)).toBe(true);
    }
  } finally {
    spawnSync('pkill', ['-f', `sleep ${escaped}`]);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
});
