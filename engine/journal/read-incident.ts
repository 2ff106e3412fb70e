import { dirname } from 'node:path';
import type { RunEvent } from '../contracts/run-event.js';
import { listRuns, type RunInfo } from './list-runs.js';
import { readJournal } from './read-journal.js';

/** A run with the runs it resumed and the runs that resumed it: one incident. */
export interface Incident {
  /** Oldest first. */
  runs: RunInfo[];
  /** All their events, in order (each run's events after the one it resumed). */
  events: RunEvent[];
  torn: boolean;
  problems: string[];
}

/**
 * Reads the whole incident a run belongs to. A resumed run writes its own journal file whose
 * run-started names the run it continues (`resumedFrom`); this follows those links both ways
 * within the run's directory.
 */
export function readIncident(run: RunInfo): Incident {
  const runs = listRuns(dirname(run.path));
  const byId = new Map(runs.map((info) => [info.runId, info]));
  byId.set(run.runId, byId.get(run.runId) ?? run);
  const chain: RunInfo[] = [];
  const seen = new Set<string>();
  let first = byId.get(run.runId)!;
  while (first.resumedFrom && byId.has(first.resumedFrom) && !seen.has(first.resumedFrom)) {
    seen.add(first.runId);
    first = byId.get(first.resumedFrom)!;
  }
  seen.clear();
  for (let current: RunInfo | undefined = first; current && !seen.has(current.runId); ) {
    seen.add(current.runId);
    chain.push(current);
    current = current.resumedBy ? byId.get(current.resumedBy) : undefined;
  }
  const events: RunEvent[] = [];
  const problems: string[] = [];
  let torn = false;
  for (const info of chain) {
    const journal = readJournal(info.path);
    events.push(...journal.events);
    torn ||= journal.torn;
    problems.push(...journal.problems.map((problem) => `${info.path}: ${problem}`));
  }
  return { runs: chain, events, torn, problems };
}
