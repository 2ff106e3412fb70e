import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { listRuns, runInfo, type RunInfo } from './list-runs.js';

/** A run reference that names no run, or more than one. */
export class RunLookupError extends Error {
  constructor(
    message: string,
    readonly nextSteps: string[] = [],
  ) {
    super(message);
    this.name = 'RunLookupError';
  }
}

/**
 * Finds a run by id, unique id prefix, or journal file path; the newest run when `ref` is
 * omitted or `latest`. Throws a `RunLookupError` saying what exists otherwise.
 */
export function findRun(dir: string, ref?: string): RunInfo {
  if (ref && (ref.endsWith('.jsonl') || ref.includes('/')) && existsSync(ref)) {
    const info = runInfo(resolve(ref));
    if (!info) throw new RunLookupError(`cannot read the journal ${ref}`);
    // Link it to the runs around it (resumedBy) by listing its own directory.
    return listRuns(dirname(resolve(ref))).find((run) => run.path === info.path) ?? info;
  }
  const runs = listRuns(dir);
  if (runs.length === 0) {
    throw new RunLookupError(`no runs journaled in ${dir}`, ['runbook run FILE', 'or point at another journal directory with --journal DIR']);
  }
  if (!ref || ref === 'latest') return runs[0]!;
  const exact = runs.find((run) => run.runId === ref);
  if (exact) return exact;
  const matches = runs.filter((run) => run.runId.startsWith(ref));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new RunLookupError(`run \`${ref}\` is ambiguous: it matches ${matches.map((run) => run.runId).join(', ')}`, [
      'give more characters of the run id',
    ]);
  }
  throw new RunLookupError(`no run \`${ref}\` in ${dir}`, ['runbook runs  (to see the recent runs)']);
}
