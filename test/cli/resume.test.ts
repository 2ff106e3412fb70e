import { appendFileSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../engine/journal/read-journal.js';
import { cliPath, fixtures, journalFiles, runCli, runCliAsync, tempDir } from '../journal/cli-helpers.js';

const kill = join(fixtures, 'kill.md');

/** A journal of kill.md cut after its third finished step, as a killed run leaves it. */
function interruptedRun(runbook = kill) {
  const dir = tempDir();
  const base = tempDir();
  const done = runCli(['run', runbook, '--yes', '--journal', dir, '--input', `BASE=${base}`]);
  expect(done.code).toBe(0);
  const file = journalFiles(dir)[0]!;
  const lines = readFileSync(file, 'utf8').split('\n');
  let finished = 0;
  const cut = lines.findIndex((line) => line.includes('"type":"step-finished"') && ++finished === 3);
  // keep the fourth step's start and a torn half line, as a kill mid-write leaves them
  const fourth = lines.findIndex((line, index) => index > cut && line.includes('"type":"step-started"'));
  writeFileSync(file, lines.slice(0, fourth + 1).join('\n') + '\n' + lines[fourth + 1]!.slice(0, 25));
  return { dir, base, file, runId: (readJournal(file).events[0] as { runId: string }).runId };
}

describe('runbook resume', () => {
  it('continues at the interrupted step with the captures, exports and cwd of the run', () => {
    const { dir, runId } = interruptedRun();
    const resumed = runCli(['resume', runId.slice(0, 18), '--yes', '--journal', dir]);
    expect(resumed.stderr).toContain(`resuming run ${runId} of ${kill} at step \`print-slowly\` (it was running when the run stopped; it runs again)`);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('final: b alpha-42 blue 14');
    expect(resumed.stdout).not.toContain('Make the workspace');
    const files = journalFiles(dir);
    expect(files).toHaveLength(2);
    const events = readJournal(files[1]!).events;
    expect(events[0]).toMatchObject({ type: 'run-started', resumedFrom: runId, inputs: { BASE: expect.any(String) } });
    expect(events.find((event) => event.type === 'step-started')).toMatchObject({ stepId: 'print-slowly' });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'completed' });
    // a finished incident cannot be resumed again, by either run id
    for (const ref of [runId, undefined]) {
      const again = runCli(['resume', ...(ref ? [ref] : []), '--yes', '--journal', dir]);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/^runbook: resume: run \S+ already finished \(outcome: completed\); there is nothing to resume\n/);
    }
  });

  it('refuses a runbook that changed since the run started, unless --force', () => {
    const copy = join(tempDir(), 'kill.md');
    copyFileSync(kill, copy);
    const { dir, runId } = interruptedRun(copy);
    appendFileSync(copy, '\n## Extra\n```bash\necho extra\n```\n');
    const refused = runCli(['resume', '--yes', '--journal', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^runbook: resume: ${copy} changed since run ${runId} started \\(sha256 [0-9a-f]{12} → [0-9a-f]{12}\\)`));
    expect(refused.stderr).toContain('resume anyway with --force');
    expect(journalFiles(dir)).toHaveLength(1);
    const forced = runCli(['resume', '--yes', '--force', '--journal', dir]);
    expect(forced.stderr).toContain('changed since the run started; resuming anyway (--force)');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('extra');
  });

  it('asks for secret inputs again: they are not in the journal', () => {
    const secret = 'tok-0a1b2c3d4e5f';
    const dir = tempDir();
    const done = runCli(['run', join(fixtures, 'secret.md'), '--yes', '--journal', dir, '--input', `API_TOKEN=${secret}`]);
    expect(done.code).toBe(0);
    const file = journalFiles(dir)[0]!;
    // cut after the first finished step, as a kill would
    const lines = readFileSync(file, 'utf8').split('\n');
    const cut = lines.findIndex((line) => line.includes('"type":"step-finished"'));
    writeFileSync(file, lines.slice(0, cut + 1).join('\n') + '\n');

    const without = runCli(['resume', '--yes', '--journal', dir]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('API_TOKEN');
    expect(journalFiles(dir)).toHaveLength(1);

    const resumed = runCli(['resume', '--yes', '--journal', dir, '--input', `API_TOKEN=${secret}`]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('auth is ••••••');
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name), 'utf8')).not.toContain(secret);
    expect(resumed.stdout + resumed.stderr).not.toContain(secret);
    // the recorded non-secret input came back without being given again
    expect(readJournal(journalFiles(dir)[1]!).events[0]).toMatchObject({ inputs: { REGION: 'eu-west-1' } });
  });

  it('an input given again with --input wins over the recorded one (in the variables and the shell it goes on in)', () => {
    const dir = tempDir();
    const runbook = join(tempDir(), 'namespace.md');
    writeFileSync(runbook, '---\nrunbook:\n  inputs:\n    NS: { description: namespace }\n---\n# NS\n\n## One\n```bash\necho "one ns=$NS"\n```\n\n## Two\n```bash\necho "two ns=$NS"\n```\n');
    expect(runCli(['run', runbook, '--yes', '--journal', dir, '--input', 'NS=old']).code).toBe(0);
    const file = journalFiles(dir)[0]!;
    // cut after the first finished step, as a kill would
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.slice(0, lines.findIndex((line) => line.includes('"type":"step-finished"')) + 1).join('\n') + '\n');
    const resumed = runCli(['resume', '--yes', '--journal', dir, '--input', 'NS=new']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('two ns=new');
    expect(readJournal(journalFiles(dir)[1]!).events[0]).toMatchObject({ inputs: { NS: 'new' } });
  });

  it('says clearly when there is nothing to resume', () => {
    const empty = tempDir();
    const none = runCli(['resume', '--yes', '--journal', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`runbook: resume: no runs journaled in ${empty}\n  → runbook run FILE\n  → or point at another journal directory with --journal DIR\n`);
    const missing = runCli(['resume', 'nope', '--journal', empty]);
    expect(missing.code).toBe(2);
    writeFileSync(join(empty, '20261122T081500Z-ab12cd.jsonl'), '{"type":"run-sta');
    const blank = runCli(['resume', '--yes', '--journal', empty]);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('no run-started event: the run was stopped before it began; run it again');
  });

  it('stops a run whose journal hits a full disk with a clear message, and the journal resumes', async () => {
    const dir = tempDir();
    const base = tempDir();
    // ulimit -f counts 1 KiB blocks: the journal of this run is about 6 KiB.
    const shell = `ulimit -f 3; exec "${process.execPath}" "${cliPath()}" run "${kill}" --yes --journal "${dir}" --input BASE="${base}"`;
    const full = await runCliAsync([], { shell });
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/runbook: journal: file too large \(file size limit reached\) writing \S+\.jsonl; the run was stopped\. Free some space, then `runbook resume \S+`/);
    expect(full.stderr).not.toMatch(/internal error|\n\s+at /);
    const journal = readJournal(journalFiles(dir)[0]!);
    expect(journal.problems).toEqual([]);
    expect(journal.events.filter((event) => event.type === 'step-finished').length).toBeGreaterThan(0);
    const resumed = runCli(['resume', '--yes', '--journal', dir]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('final: b alpha-42 blue 14');
  });
});
