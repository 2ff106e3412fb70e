// When a full-screen program gets the whole terminal, and what happens to keys typed before.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { settleFullScreen } from '../../engine/tui/settle-full-screen.js';

function program(idle: () => boolean | undefined) {
  const seen: string[] = [];
  const settle = settleFullScreen({ idle, resize: () => seen.push('resize'), write: (keys) => seen.push(`keys ${JSON.stringify(keys)}`) });
  return { seen, settle };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await sleep(10);
}

describe('settleFullScreen', () => {
  it('resizes once the program is idle, and gives the keys typed meanwhile after it redrew', async () => {
    let idle = false;
    const { seen, settle } = program(() => idle);
    settle.keys('q');
    await sleep(100);
    expect(seen).toEqual([]);
    idle = true;
    await until(() => seen.includes('resize'));
    expect(seen).toEqual(['resize']);
    settle.output();
    await until(() => seen.length > 1);
    expect(seen).toEqual(['resize', 'keys "q"']);
    settle.keys('j');
    expect(seen.at(-1)).toBe('keys "j"');
    settle.stop();
  });

  it('Ctrl-C does not wait: the size and every key typed go at once', () => {
    const { seen, settle } = program(() => false);
    settle.keys('x');
    settle.keys('\u0003');
    expect(seen).toEqual(['resize', 'keys "x\\u0003"']);
    settle.stop();
  });

  it('drops the keys of a program that left before it settled', async () => {
    const { seen, settle } = program(() => false);
    settle.keys('q');
    settle.stop();
    await sleep(60);
    expect(seen).toEqual([]);
  });
});
