// End to end in a real terminal: `runbook run` opens the TUI over real bash in a detached tmux
// session at 80×24; keys are sent with `send-keys`, the screen read with `capture-pane`.
// (The CLI is built by the global setup.)
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

function run(runbook: string, env: Record<string, string> = {}): TmuxSession {
  mark = mkdtempSync(join(tmpdir(), 'runbook-tui-'));
  // The bin itself, as an operator starts it (its flags: the code cache is taken).
  const command = [join(root, 'bin/runbook.js'), 'run', join(fixtures, runbook), '--journal', join(mark, 'journal')];
  session = startTmux(`tui-${Math.random().toString(36).slice(2, 8)}`, command, {
    cwd: root,
    env: { PATH: `${join(fixtures, 'bin')}:${process.env.PATH}`, MARK: mark, NAMESPACE: 'agents', TERM: 'xterm-256color', NO_COLOR: '1', ...env },
  });
  return session;
}

describe.skipIf(!tmuxAvailable())('the TUI in a real terminal (tmux, 80×24)', () => {
  it('walks the CrashLoopBackOff runbook to the crash-loop section, showing why', async () => {
    const tui = run('crashloop.md');
    await tui.waitFor('Enter runs this step');
    expect(tui.capture()).toContain('$ kubectl get pods -n "$NAMESPACE" -l app=agent');
    tui.keys('Enter');
    await tui.waitFor(/Branch: stdout matched \/CrashLoopBackOff\/\n→ Crash loop · Enter follows/);
    tui.keys('Enter');
    const screen = await tui.waitFor(/○ Crash loop\n[\s\S]*Enter runs this step/);
    expect(screen).toContain('→ stdout matched /CrashLoopBackOff/ → Crash loop');
    expect(screen).toContain('= POD = agent-7d9f8c-xyz');
    expect(screen).toContain("The container keeps dying: the previous container's");
    expect(screen).toMatch(/– Check the health end/);
    tui.keys('Enter');
    await tui.waitFor('error: invalid config key "mqtt.brokr"');
    await tui.waitFor(/Restart the agent +DANGER/);
    tui.keys('q');
    const last = await tui.waitFor('[exit 130]');
    expect(last).toContain('outcome: aborted');
  });

  it('runs an edited command as edited', async () => {
    const tui = run('edit.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('e');
    await tui.waitFor('Edit: touch');
    tui.keys('C-u');
    tui.type('touch "$MARK/edited"; echo "ran the edit"');
    tui.keys('Enter');
    const screen = await tui.waitFor('[exit 0]');
    expect(screen).toContain('outcome: completed');
    expect(existsSync(join(mark, 'edited'))).toBe(true);
    expect(existsSync(join(mark, 'original'))).toBe(false);
    // The journal records the edit.
    const journal = readdirSync(join(mark, 'journal')).find((name) => name.endsWith('.jsonl'))!;
    const events = readFileSync(join(mark, 'journal', journal), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(events.find((event) => event.type === 'step-started')).toMatchObject({ edited: true, command: 'touch "$MARK/edited"; echo "ran the edit"' });
  });

  it('Ctrl-O in the command editor edits the command in $EDITOR', async () => {
    const tui = run('edit.md', { EDITOR: 'sed -i s/original/from-editor/g', VISUAL: '' });
    await tui.waitFor('Enter runs this step');
    tui.keys('e');
    await tui.waitFor('Edit: touch');
    tui.keys('C-o');
    await tui.waitFor('Edit: touch "$MARK/from-editor"; echo "ran the from-editor"');
    tui.keys('Enter');
    await tui.waitFor('[exit 0]');
    expect(existsSync(join(mark, 'from-editor'))).toBe(true);
    expect(existsSync(join(mark, 'original'))).toBe(false);
  });

  it('refuses to run a dangerous step without the typed phrase', async () => {
    const tui = run('crashloop.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('g');
    await tui.waitFor('Go to step:');
    tui.type('restart');
    tui.keys('Enter');
    await tui.waitFor(/Restart the agent +DANGER[\s\S]*Enter runs this step/);
    tui.keys('Enter');
    await tui.waitFor('DANGER: type "restart agent" to run it');
    tui.type('yes');
    tui.keys('Enter');
    await tui.waitFor('That is not the phrase');
    await new Promise((done) => setTimeout(done, 300));
    expect(existsSync(join(mark, 'restarted'))).toBe(false);
    tui.type('restart agent');
    tui.keys('Enter');
    const screen = await tui.waitFor('[exit 0]');
    expect(screen).toContain('outcome: resolved');
    expect(existsSync(join(mark, 'restarted'))).toBe(true);
  });

  it('Ctrl-C during `sleep 100` stops only the step; the TUI stays', async () => {
    const tui = run('sleep.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('Enter');
    await tui.waitFor(/running \d\d:\d\d/);
    await expect.poll(() => tui.processes().some((p) => p.args === 'sleep 100')).toBe(true);
    tui.keys('C-c');
    const screen = await tui.waitFor('The step failed:');
    expect(screen).toMatch(/✘ Wait for the rollout/);
    expect(screen).toMatch(/✘ failed in .*\(stopped \(SIG[A-Z]+\)\)|✘ failed in/);
    expect(tui.processes().some((p) => p.args === 'sleep 100')).toBe(false);
    tui.keys('s');
    await tui.waitFor(/Afterwards[\s\S]*Enter runs this step/);
    tui.keys('Enter');
    await tui.waitFor('after the wait');
    await tui.waitFor('[exit ');
  });

  it('hands the terminal to an interactive step and comes back after it', async () => {
    const tui = run('interactive.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('Enter');
    // The command's own prompt, at the start of a line (the TUI's copy of the command contains it too).
    await tui.waitFor(/^Your name\? *$/m);
    tui.type('world');
    tui.keys('Enter');
    const screen = await tui.waitFor(/✔ Answer the prompt[\s\S]*Enter runs this step/);
    expect(screen).toContain('$ echo "after the interactive step"');
    expect(readFileSync(join(mark, 'greeting'), 'utf8')).toBe('hello world\n');
    tui.keys('Enter');
    await tui.waitFor('[exit 0]');
  });

  it('follows a resize: more rows and the outline when there is room', async () => {
    const tui = run('edit.md');
    await tui.waitFor('Enter runs this step');
    // The frame is one row shorter than the terminal: the keys are on its last row.
    // (At 60 columns the footer drops `e edit`, which the prompt row says, and adds `l outline`.)
    const footerOn = (row: number) => (screen: string) => /^Enter run {2}(e edit|s skip)/.test(screen.split('\n')[row] ?? '');
    // (Right after a resize tmux still shows the old frame, cut: wait for the redrawn one.)
    tui.resize(60, 16);
    await tui.waitFor((screen) => footerOn(14)(screen) && /^Edit before running +LIVE/.test(screen) && !screen.includes('│'));
    tui.resize(120, 40);
    await tui.waitFor((screen) => footerOn(38)(screen) && screen.includes('│ $ touch "$MARK/original"'));
    tui.keys('Enter');
    await tui.waitFor('[exit 0]');
  });
});
