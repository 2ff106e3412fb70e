/**
 * A hand-off keeps the alert (issue 18): a run started by an alert is killed mid-step and
 * resumed; the resumed run's run-started repeats the alert and names who took over, `runs`
 * shows the alert on both runs and the report's header keeps it.
 */
import { closeSync, constants, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readJournal } from '../../engine/journal/read-journal.js';
import { journalFiles, root, runCli, runCliAsync, tempDir } from '../journal/cli-helpers.js';

const work = tempDir('runbook-alert-resume-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function stepTwoRunning(journal: string): Promise<void> {
  while (!journalFiles(journal).some((file) => readJournal(file).events.some((event) => event.type === 'step-started' && event.stepId === 'two'))) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

it('repeats the alert in a resumed run and names who took over', { timeout: 60_000 }, async () => {
  const journal = join(work, 'journal');
  const fifo = join(work, 'fifo');
  const seen = join(work, 'seen');
  execFileSync('mkfifo', [fifo]);
  const runbook = join(work, 'job.md');
  const step = (id: string, body: string) => `## ${id}\n\n\`\`\`bash\n${body}\necho "${id} $RUNBOOK_ALERT_FINGERPRINT" >> ${seen}\n\`\`\`\n`;
  // Step two waits on the FIFO the first time, and goes on at once once `go` exists.
  writeFileSync(runbook, `# Job failed\n\n${step('one', 'true')}\n${step('two', `[ -e ${work}/go ] || read line < ${fifo}`)}\n${step('three', 'true')}`);
  try {
    const alert = join(root, 'test', 'fixtures', 'alerts', 'kube-job-failed.json');
    const first = await runCliAsync(['run', runbook, '--yes', '--alert', alert, '--journal', journal], { killer: (kill) => void stepTwoRunning(journal).then(kill) });
    expect(first.killed).toBe(true);
    writeFileSync(join(work, 'go'), '');
    const resumed = runCli(['resume', '--yes', '--journal', journal]);
    expect(resumed.code).toBe(0);

    const [before, after] = journalFiles(journal).map((file) => readJournal(file).events[0]!);
    const fingerprint = '7afdd9cdce9053f8';
    expect(before).toMatchObject({ type: 'run-started', alert: { name: 'KubeJobFailed', fingerprint } });
    expect(after).toMatchObject({ type: 'run-started', resumedFrom: before!.type === 'run-started' ? before!.runId : '', user: userInfo().username, host: hostname(), alert: { name: 'KubeJobFailed', fingerprint, labels: { job_name: 'nightly-backup' } } });
    expect(readFileSync(seen, 'utf8')).toBe(`one ${fingerprint}\ntwo ${fingerprint}\nthree ${fingerprint}\n`);

    const runs = JSON.parse(runCli(['runs', '--json', '--journal', journal]).stdout) as Array<{ alert?: { name: string } }>;
    expect(runs.map((run) => run.alert?.name)).toEqual(['KubeJobFailed', 'KubeJobFailed']);
    const report = runCli(['report', '--journal', journal]).stdout;
    expect(report).toContain(`| Alert | **KubeJobFailed** (fingerprint \`${fingerprint}\`)`);
    // A follower of the resumed run sees which alert it serves and who took over.
    const followed = runCli(['follow', after!.type === 'run-started' ? after!.runId : '', '--journal', journal]);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain(`, resuming ${before!.type === 'run-started' ? before!.runId : ''} by ${userInfo().username}@${hostname()}\n  alert: KubeJobFailed (fingerprint ${fingerprint}): alertname=KubeJobFailed,`);
    expect(report).toMatch(new RegExp(`Resumed after [^(]+ stopped \\(run \`\\S+\`, continuing \`\\S+\`\\) by ${userInfo().username}@${hostname()}`));
  } finally {
    // A step of the killed run may still wait on the FIFO: let it read end-of-file.
    if (existsSync(fifo)) {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader left
      }
    }
  }
});
