import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createBashExecutor } from '../../../engine/shell/bash-executor.js';
import { findCgroup } from '../../../engine/shell/terminate/cgroup-fences.js';
import type { ExecRequest } from '../../../engine/contracts/run-seams.js';
import { makeStep, scratch, testEnv } from '../../run/helpers.js';
import { markersRunning } from '../../helpers-processes.js';

async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/**
 * Nine ways a command leaves a process running past its step, each a `sleep` with its own
 * marker. Before the fences, the process-group kill missed four of them (setsid twice, `set -m`,
 * setpgid) and a step that ended normally left all nine running.
 */
function daemonizing(tag: string): { command: string; markers: string[] } {
  const marker = (n: number) => `${1000 + n}.${process.pid}${tag}`;
  const lines = [
    `sleep ${marker(1)} &`,
    `nohup sleep ${marker(2)} >/dev/null 2>&1 &`,
    `setsid sleep ${marker(3)} >/dev/null 2>&1 &`,
    `setsid -f sleep ${marker(4)} >/dev/null 2>&1`,
    `( ( sleep ${marker(5)} >/dev/null 2>&1 & ) & )`,
    `( set -m; sleep ${marker(6)} >/dev/null 2>&1 & )`,
    `perl -e 'setpgrp(0, 0); exec @ARGV' sleep ${marker(7)} >/dev/null 2>&1 &`,
    `sleep ${marker(8)} >/dev/null 2>&1 & disown`,
    `bash -c 'trap "" TERM HUP; exec sleep ${marker(9)}' >/dev/null 2>&1 &`,
  ];
  return { command: lines.join('\n'), markers: Array.from({ length: 9 }, (_, index) => `sleep ${marker(index + 1)}`) };
}

const running = markersRunning;

const fences = findCgroup() ? (['cgroup', 'environ'] as const) : (['environ'] as const);
const cases = fences.flatMap((fence) => [
  { name: `${fence}, through the shell server`, fence, server: true },
  { name: `${fence}, with a new bash per command`, fence, server: false },
]);

describe.each(cases)('stopping a step ($name)', ({ fence, server }) => {
  const executor = createBashExecutor({ killGraceMs: 500, server, fence });
  afterAll(() => executor.close?.());
  const tag = `${fence === 'cgroup' ? 1 : 2}${server ? 1 : 2}`;
  const request = (command: string, extra: Partial<ExecRequest> = {}): ExecRequest => ({
    step: makeStep({ id: 'daemons', command: '' }),
    command,
    env: testEnv(),
    cwd: scratch(),
    timeoutMs: 10_000,
    interactive: false,
    ...extra,
  });

  it('kills everything a step started when it times out, however it left the process group', async () => {
    const { command, markers } = daemonizing(`${tag}1`);
    const result = await executor.exec(request(`${command}\nsleep 1000`, { timeoutMs: 1500 }));
    expect(result.timedOut).toBe(true);
    expect(await eventually(() => running(markers).length === 0)).toBe(true);
  });

  it('kills everything a stopped step started', async () => {
    const { command, markers } = daemonizing(`${tag}2`);
    const controller = new AbortController();
    const result = executor.exec(request(`${command}\necho ready\nsleep 1000`, { signal: controller.signal, onOutput: (_, text) => void (text.includes('ready') && controller.abort()) }));
    expect((await result).isCanceled).toBe(true);
    expect(await eventually(() => running(markers).length === 0)).toBe(true);
  });

  it('stops what a step left running when it ends, unless it says background: true', async () => {
    const { command, markers } = daemonizing(`${tag}3`);
    const result = await executor.exec(request(`${command}\necho done`));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'done\n' });
    expect(await eventually(() => running(markers).length === 0)).toBe(true);

    const kept = daemonizing(`${tag}4`);
    const step = makeStep({ id: 'port-forward', command: '', background: true });
    const declared = await executor.exec(request(`${kept.command}\necho done`, { step }));
    expect(declared).toMatchObject({ exitCode: 0, stdout: 'done\n' });
    try {
      // Still running once the step is over, and after the grace period a stop would give.
      expect(await eventually(() => running(kept.markers).length === 9)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(running(kept.markers)).toEqual(kept.markers);
      expect((await executor.exec(request('echo next'))).stdout).toBe('next\n');
      expect(running(kept.markers)).toEqual(kept.markers);
    } finally {
      for (const marker of kept.markers) execFileSync('pkill', ['-KILL', '-f', marker]);
    }
  });
});
