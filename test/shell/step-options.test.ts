import { afterAll, describe, expect, it } from 'vitest';
import { createBashExecutor } from '../../engine/shell/bash-executor.js';
import type { ExecRequest } from '../../engine/contracts/run-seams.js';
import { makeStep, scratch, testEnv } from '../run/helpers.js';

describe.each([
  ['through the shell server', true],
  ['with a new bash per command', false],
])('a step run %s', (_, server) => {
  const executor = createBashExecutor({ server });
  afterAll(() => executor.close?.());
  const request = (command: string, extra: Partial<ExecRequest> = {}): ExecRequest => ({
    step: makeStep({ id: 'x', command: '' }),
    command,
    env: testEnv(),
    cwd: scratch(),
    timeoutMs: 10_000,
    interactive: false,
    ...extra,
  });

  it('fails when any command of a pipeline fails (set -o pipefail), unless it says pipefail: false', async () => {
    // `curl -f … | tail` against a server that answers 503: curl exits 22, tail 0.
    const failing = await executor.exec(request('(echo "503 Service Unavailable"; exit 22) | tail -1'));
    expect(failing.exitCode).toBe(22);
    expect(failing.stdout).toBe('503 Service Unavailable\n');
    const relaxed = await executor.exec(request('(exit 22) | tail -1', { step: makeStep({ id: 'y', command: '', pipefail: false }) }));
    expect(relaxed.exitCode).toBe(0);
    // Options do not carry over: the next step has it again.
    expect((await executor.exec(request('false | true'))).exitCode).toBe(1);
  });

  it("never shows the runner's trap or end mark to a step that traces itself (set -x)", async () => {
    const traced = await executor.exec(request('set -x; echo hi; export TRACED=1'));
    expect(traced.exitCode).toBe(0);
    expect(traced.stdout).toBe('hi\n');
    // `++`: the command runs through `eval`; nothing of the runner's own after it.
    expect(traced.stderr).toBe('++ echo hi\n++ export TRACED=1\n++ TRACED=1\n');
    expect(traced.state.env.TRACED).toBe('1');
    const failed = await executor.exec(request('set -x; false'));
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toBe('++ false\n');
  });
});
