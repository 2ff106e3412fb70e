import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { findProgram } from '../../../engine/shell/spawn/find-program.js';

const cli = path.join(import.meta.dirname, '..', '..', '..', 'bin', 'runbook.js');

it('finds a program on PATH first, else in the system directories, else nowhere', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runbook-find-'));
  try {
    writeFileSync(path.join(dir, 'mkfifo'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(dir, 'not-executable'), '', { mode: 0o644 });
    expect(findProgram('mkfifo', `relative:${dir}`)).toBe(path.join(dir, 'mkfifo'));
    expect(findProgram('mkfifo', '/nonexistent')).toBe(execFileSync('bash', ['-c', 'PATH=/usr/local/bin:/usr/bin:/bin; type -P mkfifo'], { encoding: 'utf8' }).trim());
    expect(findProgram('not-executable', dir)).toBeUndefined();
    expect(findProgram('runbook-no-such-program', dir)).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('runs steps when mkfifo is not on the PATH (every step was "killed by a signal")', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runbook-no-mkfifo-'));
  try {
    const bin = path.join(dir, 'bin');
    execFileSync('mkdir', [bin]);
    symlinkSync(execFileSync('bash', ['-c', 'type -P bash'], { encoding: 'utf8' }).trim(), path.join(bin, 'bash'));
    const file = path.join(dir, 'two.md');
    writeFileSync(file, '# Two\n\n```bash\necho one\n```\n\n```bash\necho two\n```\n');
    const result = spawnSync(process.execPath, [cli, 'run', file, '--yes', '--no-journal', '--json'], {
      cwd: dir,
      env: { PATH: bin, HOME: dir, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'completed', steps: [{ status: 'passed', exitCode: 0 }, { status: 'passed', exitCode: 0 }] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
