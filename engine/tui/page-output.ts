import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { visibleLines } from './append-output.js';
import type { RunStore } from './create-run-store.js';
import type { TerminalHandOver } from './hand-over-terminal.js';

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * `o`: all of the output (every step's, as the screen has it) in `$PAGER`, else `less -R`, run the
 * way git runs it (`sh -c`, the text on its stdin), with the terminal handed over; without a
 * pager, in the built-in reader.
 */
export async function pageOutput(store: RunStore, terminal: TerminalHandOver): Promise<void> {
  const pager = process.env.PAGER || (onPath('less') ? 'less -R' : '');
  if (pager === '' || pager === 'cat') {
    store.dispatch({ type: 'overlay', overlay: { kind: 'reader', what: 'output', scroll: Number.MAX_SAFE_INTEGER } });
    return;
  }
  const state = store.getState();
  const text = `${visibleLines(state.scrollback).concat(state.pty?.live ?? []).join('\n')}\n`;
  const code = await terminal.handOver(`The output in ${pager}; the runbook comes back when it exits`, () =>
    new Promise<number | null>((resolve) => {
      const child = spawn('sh', ['-c', pager], { stdio: ['pipe', 'inherit', 'inherit'] });
      child.on('error', () => resolve(null));
      child.on('exit', (exit) => resolve(exit));
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(text);
    }),
  );
  if (code !== 0) store.dispatch({ type: 'message', message: { kind: 'warning', text: `${pager} did not finish well (exit ${code ?? 'unknown'}); v and the built-in reader show it too.` } });
}
