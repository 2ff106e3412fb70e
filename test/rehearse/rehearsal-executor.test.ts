import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../engine/contracts/step-graph.js';
import { loadScenario } from '../../engine/rehearse/load-scenario.js';
import { createRehearsalExecutor, type Isolation, type RehearsalExecutor } from '../../engine/rehearse/rehearsal-executor.js';
import { detectSandbox } from '../../engine/rehearse/detect-sandbox.js';
import type { ExecRequest, ExecResponse } from '../../engine/contracts/run-seams.js';
import type { ShellState } from '../../engine/contracts/run-event.js';

const step = { id: 'step' } as Step;
const modes: Isolation[] = (await detectSandbox()).available ? ['namespaces', 'guard'] : ['guard'];

describe.each(modes)('rehearsal executor (%s)', (isolation) => {
  let executor: RehearsalExecutor;
  const start: ShellState = { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LANG: 'C' }, cwd: process.cwd() };

  beforeAll(async () => {
    const loaded = await loadScenario(join(import.meta.dirname, 'fixtures', 'world', 'demo.scenario.yaml'));
    expect(loaded.file.messages.map(String)).toEqual([]);
    executor = await createRehearsalExecutor(loaded.scenario!, { isolation });
    expect(executor.isolation).toBe(isolation);
  });
  afterAll(async () => {
    await executor.close?.();
  });

  const run = (command: string, state: ShellState = start, extra: Partial<ExecRequest> = {}): Promise<ExecResponse> =>
    executor.exec({ step, command, env: state.env, cwd: state.cwd, timeoutMs: 10_000, interactive: false, ...extra });

  it('answers from the scenario, pipes simulated output through real jq and grep, and the world changes', async () => {
    const before = await run('kubectl get pods -n agents | grep -c CrashLoopBackOff');
    expect(before).toMatchObject({ exitCode: 0, stdout: '1\n' });
    const health = await run('curl -fsS http://localhost:8080/health; echo "curl exit $?"');
    expect(health.stdout).toBe('curl exit 22\n');
    expect(health.stderr).toBe('curl: (22) The requested URL returned error: 503\n');
    const restart = await run('kubectl rollout restart deployment/agent -n agents');
    expect(restart).toMatchObject({ exitCode: 0, stdout: 'deployment.apps/agent restarted\n' });
    const after = await run('kubectl get pods -n agents | grep agent | tr -s " " | cut -d" " -f3 2>/dev/null || true; curl -s localhost:8080/health | jq -r .checks.mqtt.status');
    expect(after.stdout).toContain('up\n');
    expect(after.stdout).not.toContain('CrashLoopBackOff');
  });

  it('a simulated command fed by a pipe reads its input to the end: the writer gets no SIGPIPE (pipefail)', async () => {
    // 200,000 lines from a real tool, far more than a pipe holds, into a simulated command.
    const result = await run('set -o pipefail; head -c 2000000 /dev/zero | tr "\\0" "\\n" | helm --version');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'v1.2.3\n' });
  });

  it('refuses a command the scenario does not answer, naming it, with exit 127', async () => {
    const result = await run('systemctl restart agent');
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toBe('rehearsal: `systemctl restart agent` is not answered by scenario demo; nothing was run\n');
  });

  it('answers a rule whose glob starts with `*`, for any command', async () => {
    expect((await run('helm --version')).stdout).toBe('v1.2.3\n');
  });

  it('answers commands the scenario names by a path, from any directory; another path is refused', async () => {
    const result = await run('./scripts/generate-certs.sh --days 30 && /opt/caxton/bin/caxton --status && cd /tmp && ./scripts/generate-certs.sh');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'certificates generated\ncaxton 0.9\ncertificates generated\n' });
    const other = await run('./scripts/other.sh');
    expect(other.exitCode).toBe(isolation === 'namespaces' ? 127 : 126);
  });

  it('keeps exact exit codes, `export` and `cd` across steps, and streams output as it comes', async () => {
    const chunks: string[] = [];
    const first = await run('export STAGE=rehearsal; cd /tmp; echo "in $PWD"; exit 3', start, { onOutput: (_s, text) => void chunks.push(text) });
    expect(first.exitCode).toBe(3);
    expect(chunks.join('')).toBe('in /tmp\n');
    expect(first.state.cwd).toBe('/tmp');
    expect(first.state.env.STAGE).toBe('rehearsal');
    expect(first.state.env.PATH).toBe(start.env.PATH);
    expect(first.state.env.HOME).toBe(start.env.HOME);
    expect(Object.keys(first.state.env).filter((name) => name.startsWith('RUNBOOK_') || name === 'BASH_ENV')).toEqual([]);
    const second = await run('echo "$STAGE $(pwd)"', first.state);
    expect(second.stdout).toBe('rehearsal /tmp\n');
  });

  it('waits a rule’s delay, times out and can be aborted', async () => {
    const slow = await run('slow-tool');
    expect(slow.stdout).toBe('done\n');
    expect(slow.durationMs).toBeGreaterThanOrEqual(300);
    const timedOut = await run('sleep 5', start, { timeoutMs: 300 });
    expect(timedOut.timedOut).toBe(true);
    expect(timedOut.durationMs).toBeLessThan(4000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const aborted = await run('sleep 5', start, { signal: controller.signal });
    expect(aborted.isCanceled).toBe(true);
    expect(aborted.durationMs).toBeLessThan(4000);
  });
});
