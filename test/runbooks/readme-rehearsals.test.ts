/**
 * The README's rehearsal examples run as written (issue 17 item 7): each `runbook run …
 * --rehearse …` line of README.md, with no other flag, without a terminal (stdin /dev/null:
 * unattended, the scenario supplies inputs and answers) and in a real terminal (tmux: the TUI,
 * no input asked).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTmux, tmuxAvailable, type TmuxSession } from '../tui/tmux-session.js';
import { repoRoot } from './runbook-files.js';

const cli = join(repoRoot, 'bin', 'runbook.js');
const journal = mkdtempSync(join(tmpdir(), 'runbook-readme-'));
let tui: TmuxSession | undefined;
afterAll(() => {
  tui?.kill();
  rmSync(journal, { recursive: true, force: true });
});

/** The arguments of every `npx runbook run FILE --rehearse NAME` command line in the README. */
const examples = [...readFileSync(join(repoRoot, 'README.md'), 'utf8').matchAll(/npx runbook (run \S+ --rehearse .*)$/gm)].map((match) => match[1]!.trim().split(/\s+/));

function runDetached(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', RUNBOOK_JOURNAL: journal } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the README rehearsal examples', () => {
  it('are found (the quick start and the game-day example)', () => {
    expect(examples.map((args) => args.join(' '))).toEqual([
      'run runbooks/2389-agent/agent-not-responding.md --rehearse crashloop',
      'run runbooks/nimbus/rotate-agent-token.md --rehearse rate-limited',
    ]);
  });

  it.each(examples.map((args) => [args.join(' '), args] as const))('without a terminal: `%s` reaches its goal, exit 0', async (_, args) => {
    const result = await runDetached(args);
    expect(result.stderr).not.toMatch(/missing|pass --input|pass --answer/);
    expect(result.stdout).toMatch(/\ngoal reached — outcome: resolved \(\d+ steps run, 0 failed\)\n/);
    expect(result.code).toBe(0);
  }, 120_000);

  it.skipIf(!tmuxAvailable())('in a terminal: the TUI opens on the first step with nothing to ask, and a person who runs every step reaches the goal', async () => {
    const args = examples.find((example) => example.includes('rate-limited'))!;
    tui = startTmux(`readme-${process.pid}`, [cli, ...args], { cwd: repoRoot, env: { TERM: 'xterm-256color', NO_COLOR: '1', RUNBOOK_JOURNAL: journal }, columns: 100, rows: 30 });
    const first = await tui.waitFor('Enter runs this step', 30_000);
    expect(first).toContain('REHEARSAL: rate-limited');
    // Enter runs each step and follows it; a dangerous step gets its phrase typed.
    for (let turn = 0; turn < 40; turn++) {
      const screen = tui.capture();
      if (screen.includes('[exit ')) break;
      const phrase = [...screen.matchAll(/DANGER: type "([^"]+)"/g)].at(-1)?.[1];
      if (phrase && !screen.includes(`"${phrase}" to run it (Esc refuses): ${phrase}`)) tui.type(phrase);
      tui.keys('Enter');
      await tui.waitFor((now) => now !== screen, 30_000).catch(() => undefined);
    }
    const last = await tui.waitFor('[exit ', 60_000);
    expect(last).toMatch(/✓ goal reached \(reach `verify` and end resolved\)/);
    expect(last).toContain('[exit 0]');
  }, 240_000);
});
