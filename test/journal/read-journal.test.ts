import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJournal, readJournal } from '../../engine/journal/read-journal.js';
import { validateJournalEvent } from '../../engine/journal/validate-journal-event.js';
import { makeEvents, toJsonl } from './make-events.js';
import { tempDir } from '../helpers-temp.js';

describe('readJournal', () => {
  it('reads back every event of a complete journal', () => {
    const dir = tempDir('journal-');
    const events = makeEvents();
    writeFileSync(join(dir, 'run.jsonl'), toJsonl(events));
    const read = readJournal(join(dir, 'run.jsonl'));
    expect(read).toEqual({ events, torn: false, problems: [] });
  });

  it('tolerates a torn last line and reports it', () => {
    const events = makeEvents();
    const text = toJsonl(events);
    const cut = text.slice(0, text.length - 20);
    const read = parseJournal(cut);
    expect(read.torn).toBe(true);
    expect(read.problems).toEqual([]);
    expect(read.events).toEqual(events.slice(0, -1));
  });

  it('keeps a complete last event that lost only its newline', () => {
    const events = makeEvents();
    const read = parseJournal(toJsonl(events).slice(0, -1));
    expect(read).toEqual({ events, torn: false, problems: [] });
  });

  it('skips a corrupt line in the middle and names its line', () => {
    const lines = toJsonl(makeEvents()).split('\n');
    lines[2] = lines[2]!.slice(0, 15);
    lines[4] = JSON.stringify({ type: 'step-finished', time: '2026-11-22T08:15:00.000Z', stepId: 'x' });
    lines[5] = JSON.stringify({ type: 'bogus', time: '2026-11-22T08:15:00.000Z' });
    const read = parseJournal(lines.join('\n'));
    expect(read.torn).toBe(false);
    expect(read.problems).toEqual([
      'line 3: not valid JSON',
      "line 5: step-finished: must have required property 'status'",
      'line 6: unexpected event type "bogus", expected one of run-started, step-started, output, step-finished, input, choice, note, hint, warning, run-finished',
    ]);
    expect(read.events).toHaveLength(makeEvents().length - 3);
  });

  it('reads an empty journal (killed before run-started) as no events', () => {
    expect(parseJournal('')).toEqual({ events: [], torn: false, problems: [] });
    expect(parseJournal('{"type":"run-sta')).toEqual({ events: [], torn: true, problems: [] });
  });
});

describe('journal-event schema', () => {
  it('accepts every event the fixture run holds and rejects wrong shapes', () => {
    for (const event of makeEvents()) expect(validateJournalEvent(event)).toBeUndefined();
    expect(validateJournalEvent({ type: 'output', time: '2026-11-22T08:15:00Z', stepId: 'a', stream: 'both', text: '' })).toBe(
      'output: stream must be equal to one of the allowed values',
    );
    expect(validateJournalEvent({ type: 'note', time: 'yesterday', text: 'x' })).toMatch(/^note: time must match pattern/);
    expect(validateJournalEvent([])).toBe('expected a JSON object');
  });
});
