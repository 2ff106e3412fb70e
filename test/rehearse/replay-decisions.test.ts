/**
 * Replays that replay (issue 17 item 5): a run where the operator retried, skipped, went to
 * another step, overrode a branch and left a note, with a `for` loop and output holding
 * whitespace-only lines and no final newline, is journaled; `scenario --from` writes a
 * scenario that `check`s clean, and `run --rehearse <it> --yes` with no other flag takes the
 * same path, step by step, and prints the same output, byte for byte.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import type { Operator } from '../../engine/contracts/run-seams.js';
import type { RunControls } from '../../engine/contracts/run-seams.js';
import { loadRunbook } from '../../engine/check/load-runbook.js';
import { openJournal } from '../../engine/journal/open-journal.js';
import { createUnattendedOperator } from '../../engine/run/create-unattended-operator.js';
import { runSession } from '../../engine/session/run-session.js';
import { journalFiles, runCli } from '../journal/cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUNBOOK = `# Replay drill

## Flaky
<!-- runbook
id: flaky
-->
\`\`\`bash
fakectl flaky
\`\`\`

## Read the logs
<!-- runbook
id: read-logs
-->
\`\`\`bash
fakectl logs
\`\`\`

## Broken
<!-- runbook
id: broken
-->
\`\`\`bash
fakectl broken
\`\`\`

## Optional
<!-- runbook
id: optional
-->
\`\`\`bash
fakectl optional
\`\`\`

## Passed over
<!-- runbook
id: passed-over
-->
\`\`\`bash
fakectl passed-over
\`\`\`

## Ping them all
<!-- runbook
id: loop
-->
\`\`\`bash
for i in $(seq 1 3); do fakectl ping "$i"; done
\`\`\`

## Branch
<!-- runbook
id: branchy
branch:
  - when: { stdout: /up/ }
    goto: x
  - else: y
-->
\`\`\`bash
fakectl status "$SERVICE"
\`\`\`

## X
<!-- runbook
id: x
end: resolved
-->
\`\`\`bash
fakectl x
\`\`\`

## Y
<!-- runbook
id: y
-->
\`\`\`bash
fakectl y
\`\`\`

<!-- runbook
id: decide
ask: "Escalate?"
choices:
  "No": "end:resolved"
  "Yes": "end:escalated"
-->
`;

const FAKECTL = `#!/bin/sh
case "$1" in
  flaky) if [ -e "$FAKE_STATE/flaky" ]; then echo "flaky: ok"; else : > "$FAKE_STATE/flaky"; echo "flaky: not yet" >&2; exit 3; fi ;;
  broken) echo "broken: no route to host" >&2; exit 1 ;;
  ping) echo "pong $2" ;;
  status) echo "$2: up" ;;
  y) printf 'y\\n  \\n\\t\\n \\nend' ;;
  *) echo "$1" ;;
esac
`;

/** A person at the controls, as the TUI would record them. */
function person(controls: RunControls): Operator {
  const unattended = createUnattendedOperator({ inputs: {}, answers: {}, mode: 'live' });
  let failures = 0;
  return {
    ...unattended,
    kind: 'person',
    input: () => Promise.resolve('web'),
    ask: () => Promise.resolve('No'),
    beforeStep(step) {
      if (step.id === 'read-logs') return Promise.resolve({ action: 'skip' });
      if (step.id === 'optional') return Promise.resolve({ action: 'goto', stepId: 'loop' });
      if (step.id === 'loop') controls.note?.('pinged every node', step.id);
      return Promise.resolve({ action: 'run' });
    },
    afterFailure(step) {
      failures += 1;
      return Promise.resolve(step.id === 'flaky' ? { action: 'retry' } : { action: 'skip' });
    },
    overrideBranch: (step, chosen) => Promise.resolve(step.id === 'branchy' ? 'y' : chosen),
  };
}

/** Each step as it came up, and how it ended. */
function stepsOf(events: RunEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'step-finished' ? [`${event.stepId}:${event.status}:${event.next ?? 'end'}`] : []));
}

function outputOf(events: RunEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const event of events) if (event.type === 'output') out[`${event.stepId} ${event.stream}`] = (out[`${event.stepId} ${event.stream}`] ?? '') + event.text;
  return out;
}

const read = (file: string): RunEvent[] => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RunEvent);

describe('scenario --from a run with retries, skips, go-tos, an override and a loop', () => {
  it('writes a scenario that checks clean and that a --yes rehearsal replays along the same path', async () => {
    const runbook = join(dir, 'drill.md');
    writeFileSync(runbook, RUNBOOK);
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'fakectl'), FAKECTL);
    chmodSync(join(bin, 'fakectl'), 0o755);
    const state = join(dir, 'state');
    mkdirSync(state);
    const journal = join(dir, 'journal');
    const graph = (await loadRunbook(runbook)).graph!;
    const controls: RunControls = {};
    const live = await runSession({
      graph,
      sha256: createHash('sha256').update(RUNBOOK).digest('hex'),
      mode: 'live',
      operator: person(controls),
      controls,
      journal: (runId, masker) => Promise.resolve(openJournal(journal, runId, { masker })),
      env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: dir, LANG: 'C.UTF-8', FAKE_STATE: state },
      cwd: dir,
    });
    expect(live.outcome).toBe('resolved');
    const [liveFile] = journalFiles(journal);
    const recorded = read(liveFile!);
    expect(stepsOf(recorded)).toEqual([
      'flaky:failed:end',
      'flaky:passed:read-logs',
      'read-logs:skipped:broken',
      'broken:failed:end',
      'optional:skipped:loop',
      'loop:passed:branchy',
      'branchy:passed:x',
      'y:passed:decide',
      'decide:passed:end',
    ]);

    const out = join(dir, 'drill.replay.scenario.yaml');
    const written = runCli(['scenario', '--from', live.runId, '--out', out, '--journal', journal]);
    expect(written.stderr).toMatch(/wrote/);
    expect(written.code).toBe(0);
    const scenario = parse(readFileSync(out, 'utf8'));
    expect(scenario.decisions).toEqual({
      flaky: ['run', 'retry'],
      'read-logs': ['skip'],
      broken: ['run', 'skip'],
      optional: ['go to loop'],
      branchy: ['run', 'branch to y'],
    });
    expect(scenario.inputs).toEqual({ SERVICE: 'web' });
    const check = runCli(['check', runbook, out]);
    expect(check.stderr + check.stdout).not.toMatch(/error|warning/);
    expect(check.code).toBe(0);
    // The facilitator sees the decisions, and the expected route makes them.
    const show = runCli(['scenario', 'show', out]);
    expect(show.stdout).toContain('Decisions (an unattended drill makes them, in order, at each step):\n  flaky: run, retry\n  read-logs: skip\n');
    expect(show.stdout).toMatch(/\d\. flaky — decided “retry”\n/);
    expect(show.stdout).toMatch(/\d\. branchy — decided “y”\n/);

    const replay = runCli(['run', runbook, '--rehearse', out, '--yes', '--json', '--journal', journal], { env: { FAKE_STATE: '/nonexistent' } });
    expect(replay.stderr).not.toMatch(/not answered by scenario/);
    expect(replay.code).toBe(0);
    const replayed = read(journalFiles(journal).find((file) => file !== liveFile)!);
    expect(stepsOf(replayed)).toEqual(stepsOf(recorded));
    expect(outputOf(replayed)).toEqual(outputOf(recorded));
    expect(outputOf(recorded)['y stdout']).toBe('y\n  \n\t\n \nend');
    expect(JSON.parse(replay.stdout).rehearsal).toMatchObject({ goalReached: true, wrongTurns: [] });
  });
});

describe('decisions: in a scenario', () => {
  it('are checked against the runbook: a step id, an entry its kind of step takes, a target that is a step', async () => {
    const runbook = join(dir, 'checked.md');
    writeFileSync(runbook, RUNBOOK);
    const file = join(dir, 'checked.scenario.yaml');
    writeFileSync(file, [
      'scenario: checked',
      'runbook: ./checked.md',
      'commands:',
      '  - run: fakectl *',
      'decisions:',
      '  flaky: [run, retry, done]',
      '  nowhere: [skip]',
      '  optional: [go to elsewhere]',
      '  decide: ["No", maybe]',
      '',
    ].join('\n'));
    const { loadScenario } = await import('../../engine/rehearse/load-scenario.js');
    const loaded = await loadScenario(file);
    expect(loaded.ok).toBe(false);
    expect(loaded.file.messages.map((message) => `${message.line}:${message.column} ${message.reason}`)).toEqual([
      '6:23 Unexpected decision `done` for `flaky`, expected `run`, `branch to STEP`, `retry`, `skip`, `go to STEP`, `stop`',
      '7:3 Unexpected decisions for `nowhere`, expected a step id',
      '8:14 Unexpected target `elsewhere` in `go to elsewhere`, expected a step id',
      '9:18 Unexpected decision `maybe` for `decide`, expected `No`, `Yes`',
    ]);
  });
});
