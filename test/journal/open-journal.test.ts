import { existsSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalError } from '../../engine/journal/journal-error.js';
import { newRunId, isRunId } from '../../engine/journal/new-run-id.js';
import { openJournal } from '../../engine/journal/open-journal.js';
import { nullJournalSink } from '../../engine/journal/journal-sink.js';
import { readJournal } from '../../engine/journal/read-journal.js';
import { createMasker } from '../../engine/run/create-masker.js';
import type { RunEvent } from '../../engine/contracts/run-event.js';
import { makeEvents } from './make-events.js';
import { tempDir } from '../helpers-temp.js';

const temp = () => tempDir('journal-');
const T = '2026-11-22T08:15:00.000Z';

describe('openJournal', () => {
  it('writes one JSON line per event into <dir>/<runId>.jsonl, private to the user', async () => {
    const dir = join(temp(), 'state', 'runbook');
    const journal = openJournal(dir, '20261122T081500Z-ab12cd');
    expect(journal.path).toBe(join(dir, '20261122T081500Z-ab12cd.jsonl'));
    const events = makeEvents();
    for (const event of events) journal.write(event);
    // on disk before close: each write is synchronous
    expect(readJournal(journal.path).events).toEqual(events);
    await journal.close();
    expect(statSync(journal.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(journal.path, 'utf8').split('\n')).toHaveLength(events.length + 1);
  });

  it('bounds the output journaled per step and marks the cut once', async () => {
    const journal = openJournal(temp(), 'run', { maxOutputBytesPerStep: 100 });
    journal.write({ type: 'step-started', time: T, stepId: 'big', title: 'Big', command: 'yes', attempt: 1, visit: 1 });
    for (let i = 0; i < 20; i++) journal.write({ type: 'output', time: T, stepId: 'big', stream: 'stdout', text: `line ${String(i).padStart(3, '0')}\n` });
    journal.write({ type: 'step-finished', time: T, stepId: 'big', status: 'passed', exitCode: 0, signal: null, timedOut: false, durationMs: 5, checks: [], captures: {}, next: 'small' });
    journal.write({ type: 'step-started', time: T, stepId: 'small', title: 'Small', command: 'echo hi', attempt: 1, visit: 1 });
    journal.write({ type: 'output', time: T, stepId: 'small', stream: 'stdout', text: 'hi\n' });
    await journal.close();
    const { events } = readJournal(journal.path);
    const bigOutput = events.flatMap((event) => (event.type === 'output' && event.stepId === 'big' ? [event.text] : [])).join('');
    expect(Buffer.byteLength(bigOutput)).toBe(100);
    expect(bigOutput.startsWith('line 000\nline 001\n')).toBe(true);
    expect(events.filter((event) => event.type === 'warning')).toEqual([
      { type: 'warning', time: T, stepId: 'big', message: 'output truncated in the journal after 100 bytes for this step' },
    ]);
    expect(events.find((event) => event.type === 'step-finished')).toMatchObject({ stepId: 'big', outputTruncated: true });
    // the limit is per step: the next step's output is kept
    expect(events.at(-1)).toMatchObject({ type: 'output', stepId: 'small', text: 'hi\n' });
  });

  it('never cuts a multi-byte character in half', async () => {
    const journal = openJournal(temp(), 'run', { maxOutputBytesPerStep: 5 });
    journal.write({ type: 'step-started', time: T, stepId: 's', title: 'S', attempt: 1, visit: 1 });
    journal.write({ type: 'output', time: T, stepId: 's', stream: 'stdout', text: 'ab€€' });
    await journal.close();
    const output = readJournal(journal.path).events.find((event) => event.type === 'output');
    expect(output).toMatchObject({ text: 'ab€' });
  });

  it('masks known secret values and token shapes again, in every string', async () => {
    const journal = openJournal(temp(), 'run', { masker: createMasker(['hunter2-secret']) });
    const token = 'ghp_' + 'a1B2'.repeat(9);
    journal.write({ type: 'step-started', time: T, stepId: 's', title: 'S', command: 'curl -u admin:hunter2-secret x', attempt: 1, visit: 1 });
    journal.write({ type: 'output', time: T, stepId: 's', stream: 'stdout', text: `token ${token}\n` });
    journal.write({ type: 'step-finished', time: T, stepId: 's', status: 'passed', exitCode: 0, signal: null, timedOut: false, durationMs: 1, checks: [], captures: { PASS: 'hunter2-secret' }, next: null, state: { env: { PASS: 'hunter2-secret' }, cwd: '/' } });
    await journal.close();
    const text = readFileSync(journal.path, 'utf8');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain(token);
    expect(text).toContain('admin:••••••');
  });

  it('writes nothing with the null sink (--no-journal)', async () => {
    const dir = join(temp(), 'off');
    const journal = nullJournalSink(join(dir, 'run.jsonl'));
    for (const event of makeEvents()) journal.write(event);
    await await journal.close();
    expect(existsSync(dir)).toBe(false);
  });

  it('turns a full disk into a JournalError naming the file, then refuses every later write and command', async () => {
    const dir = temp();
    symlinkSync('/dev/full', join(dir, 'full.jsonl.new'));
    const journal = openJournal(dir, 'full');
    const event: RunEvent = { type: 'note', time: T, text: 'x' };
    expect(() => journal.write(event)).toThrow(JournalError);
    expect(() => journal.write(event)).toThrow(JournalError);
    expect(() => journal.beforeCommand()).toThrow(JournalError);
    await expect(journal.settle()).rejects.toThrow(JournalError);
    try {
      openJournal(dir, 'full').write(event);
    } catch (error) {
      expect((error as JournalError).message).toBe(`journal: no space left on device writing ${join(dir, 'full.jsonl')}`);
      expect((error as JournalError).code).toBe('ENOSPC');
    }
  });

  it('reports a directory it cannot create', () => {
    expect(() => openJournal('/proc/runbook-journal', 'run')).toThrow(/^journal: .* opening \/proc\/runbook-journal\/run\.jsonl$/);
  });
});

describe('newRunId', () => {
  it('is sortable by time and unique', () => {
    const id = newRunId(new Date('2026-11-22T08:15:00.123Z'));
    expect(id).toMatch(/^20261122T081500Z-[0-9a-f]{9}$/);
    expect(isRunId(id)).toBe(true);
    expect(newRunId(new Date('2026-11-22T08:15:01Z')) > id).toBe(true);
    expect(new Set(Array.from({ length: 50 }, () => newRunId())).size).toBe(50);
  });
});

it('run ids started within one second still sort by start time', async () => {
  const { newRunId: id } = await import('../../engine/journal/new-run-id.js');
  const base = Date.parse('2026-11-22T08:15:00.000Z');
  const ids = [5, 250, 999].map((ms) => id(new Date(base + ms)));
  expect([...ids].sort()).toEqual(ids);
});
