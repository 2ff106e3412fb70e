/**
 * `runbook follow` in a real terminal (tmux, 80×24): long lines are wrapped by display width
 * with their continuation rows indented (a long command stays one readable block; wide
 * characters are not cut), and token shapes are masked on the way out as in reports.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, describe, expect, it } from 'vitest';
import { startTmux, tmuxAvailable } from '../tui/tmux-session.js';
import { cliEnv, cliPath, journalFiles, root, runCli, tempDir } from './cli-helpers.js';

const work = tempDir('runbook-follow-terminal-');
afterAll(() => rmSync(work, { recursive: true, force: true }));
if (!tmuxAvailable()) console.warn('follow-in-a-terminal test skipped: no tmux');

const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
const japanese = 'ポッドが再起動を繰り返している場合は、まず前のコンテナのログを確認してください。設定の変更が原因であることが多いです。';
const token = `ghp_${'A1b2C3d4E5'.repeat(4)}`;

describe.skipIf(!tmuxAvailable())('runbook follow in an 80-column terminal', () => {
  it('wraps long lines by display width with indented continuations and masks token shapes', { timeout: 60_000 }, async () => {
    const journal = join(work, 'journal');
    const runbook = join(work, 'long.md');
    writeFileSync(runbook, `# Long lines\n\n## Long\n\n\`\`\`bash\necho "${words}"\necho '${japanese}'\necho PLACEHOLDER\n\`\`\`\n`);
    expect(runCli(['run', runbook, '--yes', '--journal', journal]).code).toBe(0);
    // A journal written by an older runbook, or by hand, that holds a token: follow masks it.
    const file = journalFiles(journal)[0]!;
    writeFileSync(file, readFileSync(file, 'utf8').replace('PLACEHOLDER\\n"', `${token}\\n"`));
    const session = startTmux(`follow-wrap-${process.pid}`, [process.execPath, cliPath(), 'follow', '--journal', journal], { env: { ...cliEnv(), TERM: 'xterm-256color' } as Record<string, string>, cwd: root, columns: 80, rows: 24 });
    try {
      const screen = await session.waitFor('[exit 0]');
      const rows = screen.split('\n');
      for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(80);
      // The command's first line: its row, then rows indented two past its own indent (4),
      // each at most 80 columns.
      const command = `  $ echo "${words}"`;
      const start = rows.findIndex((row) => row.startsWith('  $ echo "word0'));
      const block = [rows[start]!];
      for (let i = start + 1; rows[i]!.startsWith('    ') && !rows[i]!.startsWith('  $'); i++) block.push(rows[i]!);
      expect(block.length).toBeGreaterThan(1);
      // Cut between words (a row's trailing space is not on the screen): nothing lost or split.
      expect(block[0]! + ' ' + block.slice(1).map((row) => row.slice(4)).join(' ')).toBe(command);
      // Output: the words, then the Japanese line (118 columns, no spaces) cut between characters.
      const out = rows.findIndex((row) => row.startsWith('word0'));
      expect(rows[out + 1]).toMatch(/^ {2}\S/);
      expect(rows[out + 2]).toMatch(/^ {2}\S/);
      expect([rows[out]!, rows[out + 1]!.slice(2), rows[out + 2]!.slice(2)].join(' ')).toBe(words);
      const wide = rows.findIndex((row) => row.startsWith('ポッド'));
      const wideRows = [rows[wide]!, ...rows.slice(wide + 1).filter((row, i, all) => all.slice(0, i + 1).every((r) => r.startsWith('  ') && !r.startsWith('  $')))];
      expect(wideRows.length).toBe(Math.ceil((stringWidth(japanese) - 80) / 78) + 1);
      expect(wideRows[0]! + wideRows.slice(1).map((row) => row.slice(2)).join('')).toBe(japanese);
      expect(screen).not.toContain('ghp_');
      expect(screen).toContain('••••••');
    } finally {
      session.kill();
    }
  });
});
