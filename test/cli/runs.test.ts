import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, runCli, tempDir } from '../journal/cli-helpers.js';

describe('runbook runs', () => {
  it('lists the journaled runs, newest first, as a table and as JSON', () => {
    const dir = tempDir();
    const state = join(tempDir(), 'state');
    const env = { FAKECTL_STATE: state };
    const first = JSON.parse(runCli(['run', join(fixtures, 'replay.md'), '--yes', '--json', '--journal', dir, '--answer', 'decide=No'], { env }).stdout);
    const second = JSON.parse(runCli(['run', join(fixtures, 'replay.md'), '--yes', '--json', '--journal', dir, '--answer', 'decide=Yes'], { env }).stdout);
    expect([first.outcome, second.outcome]).toEqual(['escalated', 'resolved']);

    const table = runCli(['runs', '--journal', dir]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN +RUNBOOK +MODE +BY +ALERT +STARTED +OUTCOME +CURRENT STEP$/);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/))).toEqual([
      [second.runId, join(fixtures, 'replay.md'), 'live', `${userInfo().username}@${hostname()}`, '-', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/), 'resolved', 'verify'],
      [first.runId, join(fixtures, 'replay.md'), 'live', `${userInfo().username}@${hostname()}`, '-', expect.stringMatching(/^\d{4}-\d\d-\d\d /), 'escalated', 'decide'],
    ]);

    const json = JSON.parse(runCli(['runs', '--json', '--journal', dir]).stdout);
    expect(json.map((run: { runId: string }) => run.runId)).toEqual([second.runId, first.runId]);
    expect(json[0]).toMatchObject({ title: 'Web is down', mode: 'live', outcome: 'resolved', currentStep: 'verify' });

    const limited = runCli(['runs', '--limit', '1', '--journal', dir]);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(limited.stderr).toBe('(1 older run not shown; --limit 0 shows all)\n');
  });

  it('uses $XDG_STATE_HOME/runbook when no --journal is given', () => {
    const state = tempDir();
    const env = { XDG_STATE_HOME: state, FAKECTL_STATE: join(tempDir(), 'state') };
    const run = JSON.parse(runCli(['run', join(fixtures, 'replay.md'), '--yes', '--json', '--answer', 'decide=No'], { env }).stdout);
    expect(run.journal).toBe(join(state, 'runbook', `${run.runId}.jsonl`));
    expect(runCli(['runs'], { env }).stdout).toContain(run.runId);
  });

  it('says so when there are no runs', () => {
    const dir = tempDir();
    const none = runCli(['runs', '--journal', dir]);
    expect(none).toMatchObject({ code: 0, stdout: '', stderr: `no runs journaled in ${dir}\n` });
    expect(runCli(['runs', '--journal', dir, '--json']).stdout).toBe('[]\n');
  });
});
