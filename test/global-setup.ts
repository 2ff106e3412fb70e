import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** CLI tests spawn the built `bin/runbook.js`; build it once per test run. */
export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  return removeTmuxSockets;
}

/**
 * The TUI tests' tmux servers (test/tui/tmux-session.ts, one per worker, named after its pid)
 * exit with their last session but leave their socket in /tmp/tmux-UID/: the sockets no server
 * answers on are removed (another test run's live server is left alone).
 */
function removeTmuxSockets(): void {
  const dir = join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (/^runbook-tui-test-\d+$/.test(name) && !answers(join(dir, name))) rmSync(join(dir, name), { force: true });
  }
}

function answers(socket: string): boolean {
  try {
    execFileSync('tmux', ['-S', socket, 'list-sessions'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
