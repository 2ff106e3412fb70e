import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRun } from '../../engine/journal/find-run.js';
import { listRuns } from '../../engine/journal/list-runs.js';
import { readIncident } from '../../engine/journal/read-incident.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { makeEvents, toJsonl } from './make-events.js';
import { tempDir } from '../helpers-temp.js';

function journalDir() {
  const dir = tempDir('runs-');
  const put = (runId: string, events: RunEvent[], tail = '') => writeFileSync(join(dir, `${runId}.jsonl`), toJsonl(events) + tail);
  const first = '20261122T081500Z-aaaaaa';
  const resumed = '20261122T090000Z-bbbbbb';
  const other = '20261121T070000Z-cccccc';
  put(first, makeEvents({ runId: first, interruptAt: 'restart' }), '{"type":"outp');
  const second = makeEvents({ runId: resumed, start: Date.parse('2026-11-22T09:00:00Z') });
  (second[0] as Extract<RunEvent, { type: 'run-started' }>).resumedFrom = first;
  put(resumed, [second[0]!, ...second.slice(10)]);
  put(other, makeEvents({ runId: other, start: Date.parse('2026-11-21T07:00:00Z') }));
  writeFileSync(join(dir, '20261122T100000Z-dddddd.jsonl'), '');
  writeFileSync(join(dir, 'notes.txt'), 'not a journal');
  return { dir, first, resumed, other };
}

describe('listRuns', () => {
  it('lists runs newest first with outcome, current step and resume links', () => {
    const { dir, first, resumed, other } = journalDir();
    const runs = listRuns(dir);
    expect(runs.map((run) => [run.runId, run.outcome, run.currentStep ?? '-', run.resumedFrom ?? '-', run.resumedBy ?? '-', run.torn])).toEqual([
      ['20261122T100000Z-dddddd', 'interrupted', '-', '-', '-', false],
      [resumed, 'failed', 'restart', first, '-', false],
      [first, 'interrupted', 'restart', '-', resumed, true],
      [other, 'failed', 'restart', '-', '-', false],
    ]);
    expect(runs[1]).toMatchObject({ runbook: 'runbooks/agent.md', title: 'Agent not responding', mode: 'live', started: '2026-11-22T09:00:01.000Z' });
    expect(runs[1]!.finished).toBeDefined();
    expect(runs[2]!.finished).toBeUndefined();
  });

  it('holds no runs when the directory does not exist', () => {
    expect(listRuns(join(tmpdir(), 'no-such-runbook-journal'))).toEqual([]);
  });
});

describe('findRun', () => {
  it('finds by id, unique prefix, path, and the newest by default', () => {
    const { dir, first, other } = journalDir();
    expect(findRun(dir).runId).toBe('20261122T100000Z-dddddd');
    expect(findRun(dir, 'latest').runId).toBe('20261122T100000Z-dddddd');
    expect(findRun(dir, first).runId).toBe(first);
    expect(findRun(dir, '20261121').runId).toBe(other);
    expect(findRun('/elsewhere', join(dir, `${first}.jsonl`))).toMatchObject({ runId: first, resumedBy: '20261122T090000Z-bbbbbb' });
  });

  it('says what is wrong with a reference that names no run or several', () => {
    const { dir } = journalDir();
    expect(() => findRun(dir, '20261122')).toThrow(
      'run `20261122` is ambiguous: it matches 20261122T100000Z-dddddd, 20261122T090000Z-bbbbbb, 20261122T081500Z-aaaaaa',
    );
    expect(() => findRun(dir, 'nope')).toThrow(`no run \`nope\` in ${dir}`);
    const empty = tempDir('runs-');
    expect(() => findRun(empty)).toThrow(`no runs journaled in ${empty}`);
  });
});

describe('readIncident', () => {
  it('joins a run with the runs that resumed it, from either end', () => {
    const { dir, first, resumed } = journalDir();
    for (const ref of [first, resumed]) {
      const incident = readIncident(findRun(dir, ref));
      expect(incident.runs.map((run) => run.runId)).toEqual([first, resumed]);
      expect(incident.torn).toBe(true);
      expect(incident.events.filter((event) => event.type === 'run-started')).toHaveLength(2);
      expect(incident.events.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'failed' });
    }
  });
});
