import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Mode, RunAlert, RunEvent } from '../contracts/run-event.js';
import { readJournal } from './read-journal.js';
import { holderGone, type RunHolder } from './run-holder.js';
import { lockPath, readLock } from './run-lock.js';

/** One journaled run, as `runbook runs` shows it. */
export interface RunInfo {
  runId: string;
  path: string;
  /** Runbook path as recorded ('' when the journal has no run-started line). */
  runbook: string;
  title: string;
  mode: Mode;
  scenario?: string;
  started: string;
  finished?: string;
  /** The run's outcome; without a run-finished: `running` while its runner holds it, else `interrupted`. */
  outcome: string;
  /** Who started it, where, and the alert that started it. */
  user?: string;
  host?: string;
  alert?: RunAlert;
  /** Who runs it now (`running`). */
  runner?: RunHolder;
  /** The last step started. */
  currentStep?: string;
  resumedFrom?: string;
  /** A later run that continued this one. */
  resumedBy?: string;
  torn: boolean;
  problems: string[];
}

/** The runs journaled in `dir`, newest first. A missing directory holds no runs. */
export function listRuns(dir: string): RunInfo[] {
  if (!existsSync(dir)) return [];
  const runs: RunInfo[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.jsonl')) continue;
    const info = runInfo(join(dir, name));
    if (info) runs.push(info);
  }
  const byId = new Map(runs.map((run) => [run.runId, run]));
  for (const run of runs) {
    const earlier = run.resumedFrom ? byId.get(run.resumedFrom) : undefined;
    if (earlier && (!earlier.resumedBy || earlier.resumedBy < run.runId)) earlier.resumedBy = run.runId;
  }
  for (const run of runs) if (!run.finished) markRunning(dir, run, byId);
  return runs.sort((a, b) => (a.started === b.started ? compare(b.runId, a.runId) : compare(b.started, a.started)));
}

/** Reads one journal file into a `RunInfo` (undefined when it cannot be read). */
export function runInfo(path: string): RunInfo | undefined {
  let journal;
  try {
    journal = readJournal(path);
  } catch {
    return undefined;
  }
  return summarizeJournal(path, journal.events, journal.torn, journal.problems);
}

export function summarizeJournal(path: string, events: RunEvent[], torn = false, problems: string[] = []): RunInfo {
  const started = events.find((event) => event.type === 'run-started');
  const finished = events.findLast((event) => event.type === 'run-finished');
  const lastStep = events.findLast((event) => event.type === 'step-started');
  const info: RunInfo = {
    runId: started?.runId ?? basename(path, '.jsonl'),
    path,
    runbook: started?.runbook ?? '',
    title: started?.title ?? '',
    mode: started?.mode ?? 'live',
    started: started?.time ?? timeOfRunId(basename(path, '.jsonl')) ?? fileTime(path),
    outcome: finished?.outcome ?? 'interrupted',
    torn,
    problems,
  };
  if (started?.scenario) info.scenario = started.scenario;
  if (started?.user) info.user = started.user;
  if (started?.host) info.host = started.host;
  if (started?.alert) info.alert = started.alert;
  if (started?.resumedFrom) info.resumedFrom = started.resumedFrom;
  if (finished) info.finished = finished.time;
  if (lastStep) info.currentStep = lastStep.stepId;
  return info;
}

/** A run without an end whose incident's lock names it, held by a runner not known to be gone: `running`. */
function markRunning(dir: string, run: RunInfo, byId: Map<string, RunInfo>): void {
  let root = run;
  for (let hops = 0; root.resumedFrom && byId.has(root.resumedFrom) && hops < byId.size; hops++) root = byId.get(root.resumedFrom)!;
  const runner = runnerOf(dir, root.runId, run.runId);
  if (!runner) return;
  run.outcome = 'running';
  run.runner = runner;
}

/** Who runs `runId` now: the holder of its incident's lock when it names the run and is not known to be gone. */
export function runnerOf(dir: string, incident: string, runId: string): RunHolder | undefined {
  const held = readLock(lockPath(dir, incident));
  if (typeof held !== 'object' || held.runId !== runId || holderGone(held)) return undefined;
  const { token: _token, ...runner } = held;
  return runner;
}

/** `20261122T081500Z-ab12cd` → `2026-11-22T08:15:00.000Z`. */
function timeOfRunId(runId: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(runId);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : undefined;
}

function fileTime(path: string): string {
  try {
    return statSync(path).mtime.toISOString();
  } catch {
    return new Date(0).toISOString();
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
