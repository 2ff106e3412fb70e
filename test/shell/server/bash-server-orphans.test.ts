import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'runbook.js');
const running = (pattern: string) => spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.trim();

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

it('leaves no shell and no step process behind when runbook itself is killed with SIGKILL', async () => {
  const marker = `${31 + Math.floor(Math.random() * 1000)}.4242`;
  const dir = mkdtempSync(join(tmpdir(), 'runbook-orphans-'));
  const file = join(dir, 'orphans.md');
  writeFileSync(file, `# Orphans\n\n\`\`\`bash\nsleep ${marker}\n\`\`\`\n`);
  const child = spawn(process.execPath, [cli, 'run', file, '--yes', '--no-journal'], { stdio: 'ignore' });
  expect(await until(() => running(`sleep ${marker}`) !== '', 10_000)).toBe(true);
  const shell = spawnSync('pgrep', ['-f', `runbook-shell`], { encoding: 'utf8' }).stdout;
  expect(shell).not.toBe('');
  child.kill('SIGKILL');
  expect(await until(() => running(`sleep ${marker}`) === '', 5_000)).toBe(true);
});
