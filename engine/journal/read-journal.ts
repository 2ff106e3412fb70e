import { readFileSync } from 'node:fs';
import type { RunEvent } from '../contracts/run-event.js';
import { validateJournalEvent } from './validate-journal-event.js';

export interface ReadJournal {
  events: RunEvent[];
  /** The last line was cut short (the process or the machine died mid-write); it is dropped. */
  torn: boolean;
  /** Lines that are not valid events, as `line N: reason` (they are skipped). */
  problems: string[];
}

/**
 * Reads a run journal back. A torn last line is tolerated and reported, never fatal;
 * a corrupt line elsewhere is skipped and reported with its line number.
 */
export function readJournal(path: string): ReadJournal {
  const text = readFileSync(path, 'utf8');
  return parseJournal(text);
}

/** `readJournal` over text already read. */
export function parseJournal(text: string): ReadJournal {
  const events: RunEvent[] = [];
  const problems: string[] = [];
  let torn = false;
  const lines = text.split('\n');
  // A complete journal ends with a newline, so the last piece is empty.
  const last = lines.length - 1;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (index === last) {
        torn = true;
        continue;
      }
      problems.push(`line ${index + 1}: not valid JSON`);
      continue;
    }
    const problem = validateJournalEvent(value);
    if (problem) {
      // A last line without its newline that still parses may be a complete event cut right
      // before the newline; invalid ones are torn writes.
      if (index === last) torn = true;
      else problems.push(`line ${index + 1}: ${problem}`);
      continue;
    }
    events.push(value as RunEvent);
  }
  return { events, torn, problems };
}
