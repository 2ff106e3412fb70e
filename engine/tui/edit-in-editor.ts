import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunStore } from './create-run-store.js';
import type { TerminalHandOver } from './hand-over-terminal.js';

/** Ctrl-O in the command editor: the command in $VISUAL / $EDITOR (a private temporary file, removed after). */
export async function editInEditor(text: string, store: RunStore, terminal: TerminalHandOver): Promise<void> {
  const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
  const dir = mkdtempSync(join(tmpdir(), 'runbook-edit-'));
  const file = join(dir, 'command.sh');
  try {
    writeFileSync(file, `${text}\n`, { mode: 0o600 });
    const edited = await terminal.handOver(`Editing the command in ${editor}; the runbook comes back when it exits`, () =>
      new Promise<string | undefined>((resolve) => {
        // As git does: the editor setting is a shell word list; the file is passed as an argument.
        const child = spawn('sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
        child.on('error', () => resolve(undefined));
        child.on('exit', (code) => resolve(code === 0 ? readFileSync(file, 'utf8') : undefined));
      }),
    );
    if (edited !== undefined) store.dispatch({ type: 'edited-text', text: edited.replace(/\n+$/, '') });
    else store.dispatch({ type: 'message', message: { kind: 'warning', text: `${editor} did not finish well: the command is unchanged.` } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
