/**
 * `runbook follow` of the file journal (issue 16 item 5): a second terminal on the same machine
 * watches a live run in another process as it happens, to its end and exit code. The run's
 * second step waits on a FIFO the test writes, so the test decides when it goes on (no sleeps).
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../engine/journal/read-journal.js';
import { cliEnv, cliPath, journalFiles, root, runCli, runCliAsync, tempDir } from './cli-helpers.js';

const work = tempDir('runbook-follow-file-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** one; two reads a line from the FIFO `fifo` and passes when it is `ok`; three. */
function fifoRunbook(dir: string): { path: string; fifo: string } {
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const path = join(dir, 'wait.md');
  const step = (id: string, body: string) => `## ${id}\n\n\`\`\`bash\n${body}\n\`\`\`\n`;
  writeFileSync(path, `# Wait\n\n${step('one', 'echo first output')}\n${step('two', `read line < ${fifo}\necho "got $line"\n[ "$line" = ok ]`)}\n${step('three', 'echo third output')}`);
  return { path, fifo };
}

/** Resolves once a journal in `journal` shows step `two` started; its path. */
async function stepTwoRunning(journal: string): Promise<string> {
  for (;;) {
    for (const file of journalFiles(journal)) {
      if (readJournal(file).events.some((event) => event.type === 'step-started' && event.stepId === 'two')) return file;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** `runbook follow ARGS` in another process: what it printed so far, and its exit. */
function startFollower(args: string[]) {
  const child = spawn(process.execPath, [cliPath(), 'follow', ...args], { cwd: root, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (seen.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (seen.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { seen, exited, child };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Lets a step still blocked opening the FIFO go (it reads end-of-file), so nothing is left behind. */
function releaseFifo(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader left
  }
}

describe('runbook follow of the file journal', () => {
  for (const [line, outcome, code] of [['ok', 'completed', 0], ['no', 'failed', 1]] as const) {
    it(`shows the newest running run as it happens and exits with its exit code (${outcome})`, { timeout: 60_000 }, async () => {
      const dir = tempDir('runbook-follow-file-run-');
      const journal = join(dir, 'journal');
      const { path, fifo } = fifoRunbook(dir);
      try {
        const running = runCliAsync(['run', path, '--yes', '--journal', journal]);
        const file = await stepTwoRunning(journal);
        // A newer run that has ended: the default is the newest *running* run.
        const quick = join(dir, 'quick.md');
        writeFileSync(quick, '# Quick\n\n## only\n\n```bash\necho quick\n```\n');
        expect(runCli(['run', quick, '--yes', '--journal', journal]).code).toBe(0);

        const follower = startFollower(['--journal', journal]);
        // What was written before it looked, then what comes as it happens.
        await until(() => follower.seen.stdout.includes('▶ two'));
        expect(follower.seen.stdout).toContain(`run ${basename(file, '.jsonl')}`);
        expect(follower.seen.stdout).toMatch(/▶ one[\s\S]*first output[\s\S]*✔ one passed/);
        expect(follower.seen.stdout).not.toMatch(/^got /m);
        expect(follower.seen.stdout).not.toContain('quick');
        await writeFile(fifo, `${line}\n`);
        expect(await follower.exited).toBe(code);
        expect((await running).code).toBe(code);
        expect(follower.seen.stdout).toMatch(new RegExp(`^got ${line}$`, 'm'));
        if (code === 0) expect(follower.seen.stdout).toMatch(/✔ two passed[\s\S]*▶ three[\s\S]*third output[\s\S]*✔ three passed[\s\S]*outcome: completed\n$/);
        else expect(follower.seen.stdout).toMatch(/✘ two failed \(exit 1[\s\S]*outcome: failed/);
      } finally {
        releaseFifo(fifo);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('exits 130 when the runner is killed without an end, after what it wrote', { timeout: 60_000 }, async () => {
    const dir = tempDir('runbook-follow-file-kill-');
    const journal = join(dir, 'journal');
    const { path, fifo } = fifoRunbook(dir);
    try {
      let killRunner = () => {};
      const running = runCliAsync(['run', path, '--yes', '--journal', journal], { killer: (kill) => (killRunner = kill) });
      const file = await stepTwoRunning(journal);
      const runId = basename(file, '.jsonl');
      const follower = startFollower([runId.slice(0, 18), '--journal', journal]);
      await until(() => follower.seen.stdout.includes('▶ two'));
      killRunner();
      expect((await running).killed).toBe(true);
      expect(await follower.exited).toBe(130);
      expect(follower.seen.stderr).toContain(`run ${runId} stopped without an end (its runner is gone); \`runbook resume ${runId}\` continues it`);
      expect(follower.seen.stdout).not.toContain('outcome:');
    } finally {
      releaseFifo(fifo);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
