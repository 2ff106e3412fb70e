// At 60 columns and in a sped-up drill, end to end in a real terminal (tmux) through `runbook run`:
// the outline is one key away and its key is in the footer, the step's title and place stay on
// screen; a rehearsal with --fast shows its time scale in the header.
// (The CLI is built by the global setup.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTmux, tmuxAvailable, type TmuxSession } from './tmux-session.js';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/tui');
let mark = '';
let session: TmuxSession | undefined;

afterEach(() => {
  session?.kill();
  session = undefined;
  if (mark) rmSync(mark, { recursive: true, force: true });
});

function run(args: string[], columns: number): TmuxSession {
  mark = mkdtempSync(join(tmpdir(), 'runbook-tui-'));
  const command = [join(root, 'bin/runbook.js'), 'run', ...args, '--journal', join(mark, 'journal')];
  session = startTmux(`narrow-${Math.random().toString(36).slice(2, 8)}`, command, {
    cwd: root,
    columns,
    rows: 24,
    env: { PATH: `${join(fixtures, 'bin')}:${process.env.PATH}`, HOME: mark, MARK: mark, NAMESPACE: 'agents', TERM: 'xterm-256color', NO_COLOR: '1' },
  });
  return session;
}

/** The footer: the frame's last row (one row shorter than the terminal). */
function footer(screen: string): string {
  return screen.split('\n')[22]!;
}

describe.skipIf(!tmuxAvailable())('narrow terminals and drills (tmux)', () => {
  it('at 60 columns: the step title and its place stay, `l` is in the footer and opens the outline', async () => {
    const tui = run([join(fixtures, 'crashloop.md')], 60);
    let screen = await tui.waitFor('Enter runs this step', 20_000);
    const rows = screen.split('\n');
    expect(rows[1]).toMatch(/^○ Check the agent pods +1\/4$/);
    expect(footer(screen)).toBe('Enter run  s skip  g go to  l outline  ? help  q quit');
    tui.keys('l');
    screen = await tui.waitFor('any key close the outline');
    expect(screen).toContain('›○ Check the agent pods');
    expect(screen).toContain('not run yet');
    tui.keys('x');
    screen = await tui.waitFor('Enter runs this step');
    tui.keys('Enter');
    screen = await tui.waitFor('Enter follows');
    // A step that finished with a branch: the title and the place, the footer with `l`.
    expect(screen.split('\n')[1]).toMatch(/^✔ Check the agent pods +1\/4$/);
    expect(footer(screen)).toBe('Enter follow  g pick another  l outline  ? help  q quit');
    tui.keys('q');
    await tui.waitFor('[exit 130]');
  });

  it('a rehearsal with --fast shows its time scale in the header', async () => {
    const tui = run(
      [join(root, 'runbooks/2389-agent/agent-not-responding.md'), '--rehearse', join(root, 'runbooks/2389-agent/agent-not-responding.crashloop.scenario.yaml'), '--fast'],
      80,
    );
    // A rehearsal starts its world first: slow on a loaded machine.
    const screen = await tui.waitFor('Enter runs this step', 30_000);
    expect(screen.split('\n')[0]).toMatch(/^Agent not responding \(P1\) +REHEARSAL: crashloop ×100 +\d\d:\d\d$/);
    tui.keys('q');
    await tui.waitFor('[exit 130]');
  }, 60_000);
});
