// Whether a step's terminal session waits for the operator, read from /proc (Linux), with real
// processes in a real pseudo-terminal.
import { createRequire } from 'node:module';
import type { IPty } from '@lydell/node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionIdle, waitsOnTerminal } from '../../../engine/shell/pty/waits-on-terminal.js';

const { spawn } = createRequire(import.meta.url)('@lydell/node-pty') as typeof import('@lydell/node-pty');
const children: IPty[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts `script` in a pty; resolves once it printed `marker` (and so is past its start). */
async function inPty(script: string, marker: string): Promise<IPty> {
  const started = spawn('bash', ['-c', script], { cols: 80, rows: 24, env: { PATH: process.env.PATH ?? '' } });
  children.push(started);
  await new Promise<void>((resolve) => {
    let seen = '';
    started.onData((data) => (seen += data).includes(marker) && resolve());
  });
  return started;
}

/** Polls until the check gives `expected` (processes take a moment to block), or returns what it last gave. */
async function settlesTo(check: () => boolean | undefined, expected: boolean): Promise<boolean | undefined> {
  let last = check();
  for (let i = 0; i < 100 && last !== expected; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = check();
  }
  return last;
}

describe.runIf(process.platform === 'linux')('sessionIdle', () => {
  it('is true while the program reads the terminal, or waits in select with a time limit', async () => {
    const reader = await inPty('echo go; read -r line', 'go');
    expect(await settlesTo(() => sessionIdle(reader.pid), true)).toBe(true);
    expect(waitsOnTerminal(reader.pid)).toBe(true);
    const timed = await inPty('echo go; read -r -t 30 line', 'go');
    expect(await settlesTo(() => sessionIdle(timed.pid), true)).toBe(true);
  });

  it('is false while it sleeps, or while a pipeline still reads its input', async () => {
    const sleeper = await inPty('echo go; sleep 30; read -r line', 'go');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sessionIdle(sleeper.pid)).toBe(false);
    expect(waitsOnTerminal(sleeper.pid)).toBe(false);
    // cat reads a pipe that sleep holds open: taking in its input, not waiting for the operator.
    const piped = await inPty('echo go; sleep 30 | cat', 'go');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sessionIdle(piped.pid)).toBe(false);
  });

  it('cannot tell for a session that is gone', () => {
    expect(sessionIdle(2 ** 22 + 17)).toBeUndefined();
  });
});
