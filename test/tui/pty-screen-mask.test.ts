// A secret printed in two writes reaches the step's terminal in two chunks: the screen must never
// show it, whole or in pieces that join on screen.
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { Step } from '../../engine/contracts/step-graph.js';
import type { Executor } from '../../engine/contracts/run-seams.js';
import { createMasker } from '../../engine/run/create-masker.js';
import { createPtyExecutor } from '../../engine/shell/pty/pty-executor.js';
import { createPtyScreen } from '../../engine/tui/create-pty-screen.js';
import type { RunStore } from '../../engine/tui/create-run-store.js';
import type { TuiAction } from '../../engine/tui/tui-state.js';

const SECRET = 'hunter2-s3cr3t-value';
const inner: Executor = { exec: async () => Promise.reject(new Error('not in a terminal')) };
let executor: Executor | undefined;
afterEach(async () => {
  await executor?.close?.();
  executor = undefined;
});

function screenOf(partial: boolean) {
  const rows: string[] = [];
  const store = {
    dispatch(action: TuiAction) {
      if (action.type === 'screen') rows.push(...action.final, ...action.live);
    },
  } as unknown as RunStore;
  const masker = createMasker([SECRET]);
  const screen = createPtyScreen({
    store,
    mask: (text) => masker.mask(text),
    ...(partial ? { partialSecretLength: (text: string) => masker.partialSecretLength(text) } : {}),
    color: false,
    paneSize: () => ({ columns: 80, rows: 10 }),
    terminalSize: () => ({ columns: 80, rows: 24 }),
    fullScreen: { enter() {}, write() {}, leave() {} },
  });
  return { rows, screen };
}

const step = { id: 'split', interactive: false, capture: [], branch: [], secret: [] } as unknown as Step;
const run = (command: string) => executor!.exec({ step, command, env: { PATH: process.env.PATH ?? '' }, cwd: tmpdir(), timeoutMs: 30_000, interactive: false });

describe('the screen of a step in a terminal masks a secret split across chunks', () => {
  it('never shows the secret written in two parts with a pause between, nor its first part alone at the end', async () => {
    const { rows, screen } = screenOf(true);
    executor = createPtyExecutor(inner, screen, { shell: 'bash' });
    // The pause makes the pty deliver the halves apart; the test holds however they arrive.
    const result = await run(`printf 'token: hunter2-s3'; sleep 0.3; printf 'cr3t-value and more\\n'; printf 'after: hunter2'; sleep 0.3; printf -- '-s3cr3t-value\\n'; printf 'end: hunter'`);
    expect(result.exitCode).toBe(0);
    const shown = rows.join('\n');
    expect(shown).not.toContain('s3cr3t');
    expect(shown).not.toContain('cr3t-value');
    expect(shown).toContain('token: •••••• and more');
    expect(shown).toContain('after: ••••••');
    // A possible start of the secret held back is shown at the end (it was not one).
    expect(shown).toContain('end: hunter');
  });
});
