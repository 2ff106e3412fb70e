/**
 * One run, one runner (SPEC §5): a run holds its incident's lock while it runs; `resume` of a
 * live run, or a second `resume` at once, is refused naming the holder; a runner killed with
 * SIGKILL does not block the run forever (its pid is gone on this host).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../engine/journal/read-journal.js';
import { lockPath, lockRun, RunLockedError } from '../../engine/journal/run-lock.js';
import { journalFiles, runCli, runCliAsync, tempDir } from './cli-helpers.js';

const work = tempDir('runbook-lock-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Three steps; the second waits until the file `go` exists. Each notes that it ran. */
function waitingRunbook(dir: string): string {
  const path = join(dir, 'wait.md');
  const step = (id: string, body: string) => `## ${id}\n\n\`\`\`bash\necho ${id} >> ${dir}/marks\n${body}\n\`\`\`\n`;
  writeFileSync(path, `# Wait\n\n${step('one', 'true')}\n${step('two', `until [ -e ${dir}/go ]; do sleep 0.02; done`)}\n${step('three', 'true')}`);
  return path;
}

function marks(dir: string): string[] {
  return existsSync(join(dir, 'marks')) ? readFileSync(join(dir, 'marks'), 'utf8').split('\n').filter(Boolean) : [];
}

/** Resolves once some journal in `dir` (other than those in `known`) shows step `two` started. */
async function stepTwoRunning(journal: string, known: string[] = []): Promise<string> {
  for (;;) {
    for (const file of journalFiles(journal).filter((path) => !known.includes(path))) {
      if (readJournal(file).events.some((event) => event.type === 'step-started' && event.stepId === 'two')) return file;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const holder = new RegExp(`is being run by ${userInfo().username}@${hostname()} \\(pid \\d+\\) since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ`);

describe('one run, one runner', () => {
  it('refuses to resume a run that is still running, naming who runs it and since when', { timeout: 60_000 }, async () => {
    const dir = tempDir('runbook-lock-live-');
    const journal = join(dir, 'journal');
    const running = runCliAsync(['run', waitingRunbook(dir), '--yes', '--journal', journal]);
    await stepTwoRunning(journal);

    const second = runCli(['resume', '--yes', '--journal', journal]);
    expect(second.stderr).toMatch(holder);
    expect(second.stderr).toMatch(/one run has one runner/);
    expect(second.code).toBe(2);
    const listed = JSON.parse(runCli(['runs', '--json', '--journal', journal]).stdout) as Array<{ outcome: string; runner?: { pid: number } }>;
    expect(listed[0]!.outcome).toBe('running');
    expect(listed[0]!.runner?.pid).toBeGreaterThan(0);

    writeFileSync(join(dir, 'go'), '');
    expect((await running).code).toBe(0);
    expect(marks(dir)).toEqual(['one', 'two', 'three']);
    expect(readdirLocks(journal)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets one of two resumes at once run a killed run, and the killed runner does not block it', { timeout: 60_000 }, async () => {
    const dir = tempDir('runbook-lock-two-');
    const journal = join(dir, 'journal');
    const first = runCliAsync(['run', waitingRunbook(dir), '--yes', '--journal', journal], {
      killer: (kill) => void until(() => marks(dir).includes('two')).then(kill),
    });
    expect((await first).killed).toBe(true);
    const [killed] = journalFiles(journal);
    expect(readdirLocks(journal)).toHaveLength(1);

    const resumes = [0, 1].map(() => runCliAsync(['resume', '--yes', '--journal', journal]));
    // The one that holds the run waits in step two for `go`: the first to end is the other, refused.
    const refused = await Promise.race(resumes);
    expect({ stderr: refused.stderr }).toEqual({ stderr: expect.stringMatching(holder) });
    expect(refused.code).toBe(2);
    await stepTwoRunning(journal, [killed!]);
    writeFileSync(join(dir, 'go'), '');
    const results = await Promise.all(resumes);
    expect(results.map((result) => result.code).sort()).toEqual([0, 2]);
    // `two` ran in the killed run and once more in the one resume; nothing else twice.
    expect(marks(dir)).toEqual(['one', 'two', 'two', 'three']);
    expect(readdirLocks(journal)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a lock whose pid now belongs to another process, and never one from another host', () => {
    const dir = join(work, 'stale');
    const lock = lockRun(dir, 'r1', 'r1');
    expect(() => lockRun(dir, 'r1', 'r2')).toThrow(RunLockedError);
    lock.release();
    // Our own pid, recorded with another start time: a reused pid, not the holder.
    writeFileSync(lockPath(dir, 'r1'), JSON.stringify({ runId: 'r1', user: 'x', host: hostname(), pid: process.pid, pidStart: '1', since: new Date().toISOString(), token: 't' }));
    lockRun(dir, 'r1', 'r3').release();
    writeFileSync(lockPath(dir, 'r1'), JSON.stringify({ runId: 'r1', user: 'ana', host: 'elsewhere', pid: 1, since: '2026-12-04T01:00:00.000Z', token: 't' }));
    try {
      lockRun(dir, 'r1', 'r4');
      expect.unreachable();
    } catch (error) {
      expect((error as RunLockedError).message).toBe('run r1 is being run by ana@elsewhere (pid 1) since 2026-12-04T01:00:00Z; one run has one runner');
      expect((error as RunLockedError).nextSteps).toContain(`if that runner on elsewhere is gone for good, remove ${lockPath(dir, 'r1')}`);
    }
  });
});

function readdirLocks(dir: string): string[] {
  return (existsSync(dir) ? readdirSync(dir) : []).filter((name: string) => name.endsWith('.lock'));
}
