import { expect, it } from 'vitest';
import { createBashExecutor } from '../../../engine/shell/bash-executor.js';
import { makeStep, scratch, testEnv } from '../../run/helpers.js';

// A fast step can finish before the shell server gets to report its pid: replies written by
// two processes once interleaved and a step now and then came back "killed by a signal".
it('gives every one of many very short steps its own exit code and state', async () => {
  const executor = createBashExecutor();
  const cwd = scratch();
  const step = makeStep({ id: 'quick', command: 'true' });
  try {
    for (let i = 0; i < 500; i++) {
      const code = i % 7;
      const result = await executor.exec({ step, command: `export N=${i}; exit ${code}`, env: testEnv(), cwd, timeoutMs: 10_000, interactive: false });
      expect({ i, exitCode: result.exitCode, signal: result.signal, n: result.state.env.N }).toEqual({ i, exitCode: code, signal: null, n: String(i) });
    }
  } finally {
    await executor.close?.();
  }
}, 120_000);
