// A step flooding its terminal: the screen skips instead of slowing the step to the emulator's
// pace, the text kept for the pane stays bounded, and the pane ends with the output's last lines.
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { Step } from '../../engine/contracts/step-graph.js';
import type { Executor } from '../../engine/contracts/run-seams.js';
import { createPtyExecutor } from '../../engine/shell/pty/pty-executor.js';
import { createPtyScreen } from '../../engine/tui/create-pty-screen.js';
import type { RunStore } from '../../engine/tui/create-run-store.js';
import type { TuiAction } from '../../engine/tui/tui-state.js';

const LINES = 200_000;
const inner: Executor = { exec: async () => Promise.reject(new Error('not in a terminal')) };
let executor: Executor | undefined;
afterEach(async () => {
  await executor?.close?.();
  executor = undefined;
});

describe('a step flooding its terminal', () => {
  it(`draws a bounded part of ${LINES.toLocaleString('en')} lines of 100 characters, ends with the last ones, and journals the text`, async () => {
    const screens: Extract<TuiAction, { type: 'screen' }>[] = [];
    const store = { dispatch: (action: TuiAction) => action.type === 'screen' && screens.push(action) } as unknown as RunStore;
    const screen = createPtyScreen({
      store,
      mask: (text) => text,
      color: false,
      paneSize: () => ({ columns: 120, rows: 20 }),
      terminalSize: () => ({ columns: 120, rows: 24 }),
      fullScreen: { enter() {}, write() {}, leave() {} },
    });
    executor = createPtyExecutor(inner, screen, { shell: 'bash' });
    const step = { id: 'flood', interactive: false, capture: [], branch: [], secret: [] } as unknown as Step;
    const result = await executor.exec({ step, command: `seq -f '%0100g' 1 ${LINES}`, env: { PATH: process.env.PATH ?? '' }, cwd: tmpdir(), timeoutMs: 170_000, interactive: false });
    expect(result.exitCode).toBe(0);
    // The journal's text: its start and its end (bounded by the output collector).
    expect(result.stdout.startsWith(`${'0'.repeat(99)}1\n`)).toBe(true);
    expect(result.stdout.endsWith(`${String(LINES).padStart(100, '0')}\n`)).toBe(true);
    const drawn = screens.flatMap((action) => action.final);
    // The emulator drew a part of the output, said so, and the pane ends with the last lines in order.
    expect(drawn.length).toBeLessThan(LINES / 2);
    expect(drawn.some((line) => line.includes('of output not drawn here'))).toBe(true);
    const last = drawn.slice(-100);
    expect(last).toEqual(Array.from({ length: 100 }, (_, i) => String(LINES - 99 + i).padStart(100, '0').slice(0, 120)));
    expect(screens.at(-1)?.ended).toBe(true);
  }, 180_000);
});
