import type { RunEvent } from '../contracts/run-event.js';
import type { JournalSink } from './journal-sink.js';

/**
 * Passes a run's events on after handing each to the journal. After a `step-started` (a command
 * may follow) and at the run's start and end it waits until the sink has stored everything: the
 * runner waits for its events to be handled before a command starts, so no command starts
 * before its start is stored. The first failure calls `onError` (the caller stops the run) and
 * the events keep flowing to the screen; the sink refuses every later command (`beforeCommand`).
 */
export async function* teeJournal(events: AsyncIterable<RunEvent>, sink: JournalSink, onError: (error: Error) => void): AsyncGenerator<RunEvent> {
  let failed = false;
  for await (const event of events) {
    if (!failed) {
      try {
        sink.write(event);
        if (event.type === 'step-started' || event.type === 'run-started' || event.type === 'run-finished') await sink.settle();
      } catch (error) {
        failed = true;
        onError(error instanceof Error ? error : new Error(String(error)));
      }
    }
    yield event;
  }
}
