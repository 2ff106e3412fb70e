import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startServer, stopServer } from '../../../engine/shell/server/server-process.js';
import { findProgram } from '../../../engine/shell/spawn/find-program.js';
import { createProcessFences } from '../../../engine/shell/terminate/process-fences.js';
import { alive } from '../../helpers-processes.js';
import { scratch, testEnv } from '../../run/helpers.js';

const fences = createProcessFences({ killGraceMs: 300 });
const mkfifo = findProgram('mkfifo', process.env.PATH);

// A server is stopped on purpose when a run ends, and when the server started ahead of a run
// gives way to one in the run's environment: then a step of the run, in the run's cgroup, is
// already running in the new server. Only Node's death may empty the run's cgroup (the orphan
// path of bash-server.sh: bash-server-orphans.test.ts).
describe.runIf(fences.kind === 'cgroup' && mkfifo)('a shell server stopped on purpose', () => {
  it("leaves the run's cgroup alone: what runs there for another server goes on", async () => {
    const fence = fences.next();
    const step = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(fence.joinFile, String(step.pid));
      for (let round = 0; round < 8; round += 1) {
        const server = startServer({ shell: 'bash', mkfifo: mkfifo!, cgroup: fences.root, stdin: 'null' }, testEnv(), scratch());
        // Its subshell forked and waiting for a request, as when an operator reads the first step.
        await new Promise((resolve) => setTimeout(resolve, 50 + 20 * round));
        const code = new Promise<number | null>((resolve) => server.child.once('exit', (exitCode) => resolve(exitCode)));
        await stopServer(server);
        const exitCode = await code;
        expect(alive(step.pid!), `the step in the run's cgroup was killed (the server exited ${exitCode})`).toBe(true);
        // 143: its TERM trap; 129 would be its orphan path, which empties the run's cgroup.
        expect(exitCode).toBe(143);
      }
    } finally {
      step.kill('SIGKILL');
      fence.settle(false, undefined);
      await fences.close();
    }
  });
});
