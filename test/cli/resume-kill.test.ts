/**
 * The journal's promise (SPEC §5): a run killed at any moment loses nothing that finished,
 * and `runbook resume` continues it to the same end as a run that was never interrupted.
 * A real run of test/fixtures/journal/kill.md (output, captures, an export, a `cd`, small
 * sleeps) is SIGKILLed — with its whole process group, no handler runs — at moments spread
 * over its measured duration by a seeded RNG, then resumed: 8 moments in `npm test`, 20 under
 * `RUNBOOK_SWEEP=all` (test/sweep.ts). `RUNBOOK_KILLS=N` kills it at N moments,
 * `RUNBOOK_KILL_SEED` draws other ones (docs/testing.md: a deeper run).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../engine/journal/read-journal.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { fixtures, journalFiles, runCliAsync, seededRandom, tempDir } from '../journal/cli-helpers.js';
import { SWEEP_ALL } from '../sweep.js';

const runbook = join(fixtures, 'kill.md');
const KILLS = Number(process.env.RUNBOOK_KILLS ?? (SWEEP_ALL ? 20 : 8));
/** Every STARTUP-th moment lands during start-up (every 10th in a long sweep, at least two in all). */
const STARTUP = Math.min(10, Math.max(2, Math.floor(KILLS / 2)));
const SEED = Number(process.env.RUNBOOK_KILL_SEED ?? 20261122);
const CONCURRENCY = 5;

/** What an uninterrupted run ends with: the path, and the last step's output and captures. */
function ending(events: RunEvent[]) {
  const path = events.flatMap((event) => (event.type === 'step-finished' ? [event.stepId] : []));
  const finalOutput = events.flatMap((event) => (event.type === 'output' && event.stepId === 'final' ? [event.text] : [])).join('');
  const outcome = events.findLast((event) => event.type === 'run-finished');
  const captures = Object.assign({}, ...events.flatMap((event) => (event.type === 'step-finished' ? [event.captures] : [])));
  return { path, finalOutput, outcome: outcome?.type === 'run-finished' ? outcome.outcome : undefined, captures };
}

/** Step ids of a resumed incident, with the interrupted step counted once (it runs again). */
function joinedPath(first: RunEvent[], second: RunEvent[]): string[] {
  return [...ending(first).path, ...ending(second).path];
}

describe('a killed run', () => {
  it(`loses no finished step and resumes to the same end, killed at ${KILLS} moments`, { timeout: 240_000 + KILLS * 2_000 }, async () => {
    const baseDir = tempDir();
    const journal = tempDir();
    const started = Date.now();
    const baseline = await runCliAsync(['run', runbook, '--yes', '--journal', journal, '--input', `BASE=${baseDir}`]);
    const duration = Date.now() - started;
    expect(baseline.stderr).toBe('');
    expect(baseline.code).toBe(0);
    const expected = ending(readJournal(journalFiles(journal)[0]!).events);
    expect(expected.outcome).toBe('completed');
    expect(expected.finalOutput).toBe('final: b alpha-42 blue 14\n');
    expect(expected.path).toHaveLength(8);

    // Most kills land while steps run (measured from the moment the journal appears, over the
    // span the baseline's steps took); a few land during start-up, before any journal exists.
    const first = readJournal(journalFiles(journal)[0]!).events;
    const span = Date.parse(first.at(-1)!.time) - Date.parse(first[0]!.time);
    const random = seededRandom(SEED);
    const moments = Array.from({ length: KILLS }, (_, index) =>
      index % STARTUP === STARTUP - 1 ? { startup: Math.round(random() * 300) } : { inRun: Math.round(random() * span * 1.1) },
    );
    const tally = { beforeJournal: 0, beforeStart: 0, resumed: 0, finished: 0 };

    const one = async (when: { startup?: number; inRun?: number }) => {
      const dir = tempDir();
      const base = tempDir();
      const moment = when.startup !== undefined ? `${when.startup} ms after spawn` : `${when.inRun} ms into the run`;
      const run = await runCliAsync(['run', runbook, '--yes', '--journal', dir, '--input', `BASE=${base}`], {
        ...(when.startup !== undefined ? { killAfterMs: when.startup } : {}),
        killer: (kill) => {
          if (when.inRun === undefined) return;
          const poll = setInterval(() => {
            if (journalFiles(dir).length === 0) return;
            clearInterval(poll);
            setTimeout(kill, when.inRun);
          }, 2);
          setTimeout(() => clearInterval(poll), 20_000);
        },
      });
      const files = journalFiles(dir);
      const printed = [...run.stdout.matchAll(/^✔ (.+) passed/gm)].map((match) => match[1]);
      if (files.length === 0) {
        expect(printed).toEqual([]);
        tally.beforeJournal += 1;
        return;
      }
      const read = readJournal(files[0]!);
      expect(read.problems, `killed ${moment}`).toEqual([]);
      // Every step the run reported finished is in the journal, in order.
      const titles = new Map(read.events.flatMap((event) => (event.type === 'step-started' ? [[event.stepId, event.title] as const] : [])));
      const journaled = read.events.flatMap((event) => (event.type === 'step-finished' && event.status === 'passed' ? [titles.get(event.stepId)] : []));
      expect(journaled.slice(0, printed.length), `killed ${moment}`).toEqual(printed);

      const resume = await runCliAsync(['resume', '--yes', '--json', '--journal', dir]);
      if (!read.events.some((event) => event.type === 'run-started')) {
        expect(resume.code).toBe(2);
        expect(resume.stderr).toMatch(/no run-started event: the run was stopped before it began/);
        tally.beforeStart += 1;
        return;
      }
      if (read.events.some((event) => event.type === 'run-finished')) {
        expect(resume.code).toBe(2);
        expect(resume.stderr).toMatch(/already finished \(outcome: completed\)/);
        tally.finished += 1;
        return;
      }
      expect(resume.stderr, `killed ${moment}`).toMatch(/resuming run \S+ of .*kill\.md /);
      expect(resume.code, `killed ${moment}: ${resume.stderr}`).toBe(0);
      expect(JSON.parse(resume.stdout)).toMatchObject({ outcome: 'completed' });
      const after = journalFiles(dir);
      expect(after).toHaveLength(2);
      const second = readJournal(after[1]!);
      expect(second.torn).toBe(false);
      expect(second.events[0]).toMatchObject({ type: 'run-started', resumedFrom: read.events[0]!.type === 'run-started' ? read.events[0].runId : '' });
      const got = ending(second.events);
      expect(got.finalOutput, `killed ${moment}`).toBe(expected.finalOutput);
      expect(got.outcome).toBe('completed');
      expect(joinedPath(read.events, second.events)).toEqual(expected.path);
      expect({ ...ending(read.events).captures, ...got.captures }).toEqual(expected.captures);
      expect(readFileSync(join(base, 'a', 'b', 'marker.txt'), 'utf8')).toBe('alpha-42-blue\n');
      tally.resumed += 1;
    };

    const queue = [...moments];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let moment = queue.shift(); moment !== undefined; moment = queue.shift()) await one(moment);
      }),
    );
    expect(tally.beforeJournal + tally.beforeStart + tally.resumed + tally.finished).toBe(KILLS);
    // The moments are spread: most kills land inside the run and are resumed.
    expect(tally.resumed).toBeGreaterThanOrEqual(KILLS / 3);
    console.log(`kill test (seed ${SEED}): baseline ${duration} ms, steps ${span} ms; ${JSON.stringify(tally)}`);
  });
});
