/**
 * The shared journal on a real, private PostgreSQL (issue 18): two "machines" (two state
 * directories, one database), the cross-machine lock, a database down at start or mid-run,
 * a user without rights. Skipped, with a message, only where no PostgreSQL is installed.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cliEnv, cliPath, root, runCli, runCliAsync, tempDir } from '../cli-helpers.js';
import { findPostgres, startPostgres, type PrivatePostgres } from './private-postgres.js';

const found = findPostgres();
if ('missing' in found) console.warn(`PostgreSQL journal tests skipped: ${found.missing}`);
const work = tempDir('runbook-pg-journal-');
let server: PrivatePostgres;

beforeAll(async () => {
  if ('bin' in found) server = await startPostgres(found.bin);
}, 60_000);
afterAll(() => {
  server?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** A machine: its own state directory (the default file journal would go there), the shared database. */
function machine(name: string) {
  const state = join(work, name);
  const env = { XDG_STATE_HOME: state, RUNBOOK_JOURNAL: server.url };
  return {
    run: (args: string[]) => runCli(args, { env }),
    start: (args: string[], killer?: (kill: () => void) => void) => runCliAsync(args, { env, ...(killer ? { killer } : {}) }),
  };
}

/** Three steps; the second waits until the file `go` exists. Each notes that it ran. */
function waitingRunbook(dir: string): string {
  const path = join(dir, 'wait.md');
  const step = (id: string, body: string) => `## ${id}\n\n\`\`\`bash\necho ${id} >> ${dir}/marks\n${body}\n\`\`\`\n`;
  writeFileSync(path, `# Wait\n\n${step('one', 'true')}\n${step('two', `until [ -e ${dir}/go ]; do sleep 0.02; done`)}\n${step('three', 'true')}`);
  return path;
}
const marks = (dir: string) => (existsSync(join(dir, 'marks')) ? readFileSync(join(dir, 'marks'), 'utf8').split('\n').filter(Boolean) : []);
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
const holder = new RegExp(`is being run by ${userInfo().username}@${hostname()} \\(pid \\d+\\) since `);

describe.skipIf('missing' in found)('the PostgreSQL journal', () => {
  it('lets machine B list, report and resume what machine A ran and was killed in, and refuses B while A runs', { timeout: 90_000 }, async () => {
    const dir = tempDir('runbook-pg-two-');
    const a = machine('a');
    const b = machine('b');
    const alert = join(root, 'test', 'fixtures', 'alerts', 'kube-job-failed.json');
    const first = a.start(['run', waitingRunbook(dir), '--yes', '--alert', alert], (kill) => void until(() => marks(dir).includes('two')).then(kill));
    expect((await first).killed).toBe(true);

    const listed = JSON.parse(b.run(['runs', '--json']).stdout) as Array<{ runId: string; outcome: string; user: string; host: string; currentStep: string }>;
    const run = listed.find((info) => info.currentStep === 'two')!;
    expect(run).toMatchObject({ outcome: 'interrupted', user: userInfo().username, host: hostname(), alert: { name: 'KubeJobFailed', fingerprint: '7afdd9cdce9053f8' } });
    const report = b.run(['report', run.runId]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('one (`one`) — ✔ passed');
    expect(report.stdout).toContain('| Alert | **KubeJobFailed** (fingerprint `7afdd9cdce9053f8`)');
    expect(existsSync(join(work, 'b', 'runbook'))).toBe(false);

    const resumed = b.start(['resume', run.runId, '--yes']);
    await until(() => marks(dir).filter((id) => id === 'two').length === 2);
    // A second runner, while B holds the run, is refused across "machines".
    const refused = a.run(['resume', run.runId, '--yes']);
    expect({ stderr: refused.stderr }).toEqual({ stderr: expect.stringMatching(holder) });
    expect(refused.code).toBe(2);
    writeFileSync(join(dir, 'go'), '');
    expect((await resumed).code).toBe(0);
    expect(marks(dir)).toEqual(['one', 'two', 'two', 'three']);
    const after = JSON.parse(b.run(['runs', '--json']).stdout) as Array<{ runId: string; outcome: string; resumedBy?: string }>;
    expect(after.find((info) => info.runId === run.runId)!.resumedBy).toBeDefined();
    expect(b.run(['report', run.runId]).stdout).toMatch(/\*\*completed\*\*/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets machine B follow a run of machine A live, to its end and exit code', { timeout: 90_000 }, async () => {
    const dir = tempDir('runbook-pg-follow-');
    const a = machine('a');
    const running = a.start(['run', waitingRunbook(dir), '--yes', '--json']);
    await until(() => marks(dir).includes('two'));
    const runs = JSON.parse(machine('b').run(['runs', '--json']).stdout) as Array<{ runId: string; outcome: string }>;
    const live = runs.find((info) => info.outcome === 'running')!;
    const follower = spawn(process.execPath, [cliPath(), 'follow', live.runId], { env: cliEnv({ XDG_STATE_HOME: join(work, 'b'), RUNBOOK_JOURNAL: server.url }) });
    let shown = '';
    follower.stdout.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
    const exited = new Promise<number | null>((resolve) => follower.on('close', resolve));
    // What A stored before B looked, then A's next steps as they happen.
    await until(() => shown.includes('▶ two'));
    expect(shown).not.toContain('▶ three');
    writeFileSync(join(dir, 'go'), '');
    expect(await exited).toBe(0);
    expect((await running).code).toBe(0);
    expect(shown).toMatch(/▶ three[\s\S]*✔ three passed[\s\S]*outcome: completed\n$/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start when the database is down (exit 2, nothing run)', { timeout: 60_000 }, () => {
    const dir = tempDir('runbook-pg-down-');
    server.halt();
    try {
      const result = machine('a').run(['run', waitingRunbook(dir), '--yes']);
      expect(result.stderr).toMatch(/run: journal: the database refused the connection \(is it up\?\) connecting to postgres:\/\/postgres@127\.0\.0\.1:\d+\/runbook/);
      expect(result.code).toBe(2);
      expect(marks(dir)).toEqual([]);
    } finally {
      server.start();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts no command once the database went away mid-run, and resumes once it is back', { timeout: 90_000 }, async () => {
    const dir = tempDir('runbook-pg-lost-');
    const a = machine('a');
    const running = a.start(['run', waitingRunbook(dir), '--yes', '--json']);
    await until(() => marks(dir).includes('two'));
    server.halt();
    writeFileSync(join(dir, 'go'), '');
    const result = await running;
    server.start();
    expect(result.stderr).toMatch(/journal: the (connection to the database was lost|database was shut down) writing postgres:/);
    expect(result.code).toBe(1);
    expect(marks(dir)).toEqual(['one', 'two']);
    const runId = (JSON.parse(result.stdout) as { runId: string }).runId;
    const resumed = machine('b').run(['resume', runId, '--yes']);
    expect(resumed.code).toBe(0);
    expect(marks(dir)).toEqual(['one', 'two', 'two', 'three']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says a database user lacks rights, before anything runs', { timeout: 60_000 }, () => {
    const dir = tempDir('runbook-pg-rights-');
    server.sql('CREATE DATABASE bare');
    server.sql('CREATE ROLE viewer LOGIN');
    const url = server.url.replace('postgres@', 'viewer@').replace(/\/runbook$/, '/bare');
    const result = runCli(['run', waitingRunbook(dir), '--yes', '--journal', url]);
    expect(result.stderr).toMatch(/journal: the database user lacks the rights runbook needs \(see docs\/journal-postgres\.md\) \(permission denied for schema public\)/);
    expect(result.code).toBe(2);
    expect(marks(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
