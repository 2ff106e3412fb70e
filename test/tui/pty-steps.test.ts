// Steps in terminals of their own, end to end in a real terminal (tmux, 80×24): `runbook run`
// over real bash, keys sent with `send-keys`, the screen read with `capture-pane`.
// (The CLI is built by the global setup.)
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const command = [join(root, 'bin/runbook.js'), 'run', join(fixtures, runbook), '--journal', join(mark, 'journal')];
  session = startTmux(`pty-${Math.random().toString(36).slice(2, 8)}`, command, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: mark, MARK: mark, TERM: 'xterm-256color', NO_COLOR: '1', ...env },
  });
  return session;
}

/** The output pane's text: the right of the outline's border, rows joined. */
function pane(screen: string): string {
  return screen
    .split('\n')
    .map((row) => (row.includes('│ ') ? row.slice(row.indexOf('│ ') + 2) : ''))
    .join('\n');
}

function journal(): string {
  const name = readdirSync(join(mark, 'journal')).find((file) => file.endsWith('.jsonl'))!;
  return readFileSync(join(mark, 'journal', name), 'utf8');
}

/** What a step printed, as the journal has it. */
function journaledOutput(stepId: string): string {
  return journal()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; stepId?: string; text?: string })
    .filter((event) => event.type === 'output' && event.stepId === stepId)
    .map((event) => event.text)
    .join('');
}

describe.skipIf(!tmuxAvailable())('steps in terminals of their own (tmux, 80×24)', () => {
  it('a `read -p` loop waits for each answer, typed in place', async () => {
    const tui = run('pty-prompts.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('Enter');
    // The prompt waits (it does not read end-of-file and drain both nodes at once).
    let screen = await tui.waitFor('TYPING TO THE STEP');
    expect(screen).toContain('Drain node-a now?');
    expect(screen).not.toContain('Drain node-b now?');
    tui.type('yes');
    tui.keys('Enter');
    screen = await tui.waitFor('Drain node-b now?');
    tui.type('no');
    tui.keys('Enter');
    await tui.waitFor(/○ Become root[\s\S]*Enter runs this step/);
    expect(readFileSync(join(mark, 'drained'), 'utf8')).toBe('node-a: yes\nnode-b: no\n');
    // Journaled as text: the prompts and the echo of what was typed, no escape sequences.
    expect(journaledOutput('drain-each-node')).toBe('Drain node-a now? yes\nDrain node-b now? no\n');
    tui.keys('q');
    await tui.waitFor('[exit 130]');
  });

  it('a password typed to a `sudo -S`-like prompt never shows and never reaches the journal', async () => {
    const tui = run('pty-prompts.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('s');
    await tui.waitFor(/› ?○ Become root[\s\S]*Enter runs this step/);
    tui.keys('Enter');
    await tui.waitFor('TYPING TO THE STEP');
    tui.type('hunter2-very-secret');
    tui.keys('Enter');
    const screen = await tui.waitFor('password of 19 characters');
    expect(screen).toContain('[sudo] password for operator:');
    expect(screen).not.toContain('hunter2');
    await tui.waitFor('[exit 0]');
    expect(journal()).not.toContain('hunter2');
    expect(journal()).toContain('password of 19 characters');
  });

  it('less and vi (not marked interactive) take the whole screen and give it back', async () => {
    const tui = run('pty-full-screen.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('Enter');
    // less has the whole terminal: its first 23 lines and its prompt, no runbook frame.
    let screen = await tui.waitFor((text) => /^1\n2\n3\n/.test(text) && text.includes('\n23\n'));
    expect(screen).not.toContain('│');
    tui.keys('q');
    screen = await tui.waitFor(/› ?○ Edit the notes[\s\S]*Enter runs this step/);
    expect(screen).toContain('✔ Page through the list');
    tui.keys('Enter');
    screen = await tui.waitFor((text) => text.split('\n').filter((row) => row === '~').length > 10);
    tui.type('iwritten in vi');
    tui.keys('Escape');
    tui.type(':wq');
    tui.keys('Enter');
    screen = await tui.waitFor('notes: written in vi');
    // export and cd of the first step carried over to the second, through the pty.
    expect(pane(screen)).toContain(`paged=yes in ${mark.split('/').pop()}`);
    await tui.waitFor('[exit 0]');
  });

  it('a full-screen program gets the whole terminal once it has settled, and a key typed meanwhile is not lost', async () => {
    const tui = run('pty-settle.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('Enter');
    // Still starting (in `sleep`): no SIGWINCH yet; it reads its first key at the pane's size.
    await tui.waitFor(/^ready at 24 \d+$/m);
    tui.type('x');
    const screen = await tui.waitFor(/early=\w+ key=/);
    expect(pane(screen)).toContain('early=no key=x size=24 80');
    await tui.waitFor('[exit 0]');
  });

  it('a 200-character line is readable whole, and PgUp scrolls to the first of 5,000 lines', async () => {
    const tui = run('pty-long-output.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('Enter');
    let screen = await tui.waitFor(/› ?○ Many lines[\s\S]*Enter runs this step/);
    const long = `start-${Array.from({ length: 19 }, (_, i) => `segment${String(i + 1).padStart(2, '0')}-`).join('')}the-end`;
    expect(long.length).toBeGreaterThanOrEqual(200);
    expect(pane(screen).replace(/ *\n/g, '')).toContain(long);
    tui.keys('Enter');
    screen = await tui.waitFor(/line 5000 of 5000\n[\s\S]*Enter runs this step/);
    // PgUp moves up a page; Home goes to the first line, which is at the top of a full pane.
    tui.keys('PPage');
    screen = await tui.waitFor(/lines up/);
    expect(screen).toContain('line 4990 of 5000');
    tui.keys('Home');
    screen = await tui.waitFor((text) => pane(text).includes('── Many lines ──\nline 1 of 5000\nline 2 of 5000\n'));
    // The first line of all output at the top of the pane, the pane full.
    expect(pane(screen)).toMatch(/lines up, End follows\n── A long line ──\nstart-segment01/);
    const rows = pane(screen).split('\n').filter((row) => /^line \d+ of 5000/.test(row));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.slice(0, 3)).toEqual(['line 1 of 5000', 'line 2 of 5000', 'line 3 of 5000']);
    tui.keys('q');
    await tui.waitFor('[exit 130]');
  });

  it('Ctrl-C stops a step in a retry loop at once; the run stays open', async () => {
    const tui = run('pty-retry.md');
    await tui.waitFor('Enter runs this step');
    tui.keys('Enter');
    await tui.waitFor('not yet, retrying');
    const pressed = Date.now();
    tui.keys('C-c');
    const screen = await tui.waitFor('The step failed:', 5000);
    expect(Date.now() - pressed).toBeLessThan(3000);
    expect(screen).toMatch(/✘ Wait until it answers/);
    expect(tui.processes().some((process) => /sleep 1$/.test(process.args))).toBe(false);
    // The run is open: skip the step, the next one runs.
    writeFileSync(join(mark, 'up'), '');
    tui.keys('s');
    await tui.waitFor(/› ?○ Then[\s\S]*Enter runs this step/);
    tui.keys('Enter');
    await tui.waitFor('after the wait');
    await tui.waitFor('[exit 0]');
  });
});
