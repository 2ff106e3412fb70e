import type { RunEvent } from '../../contracts/run-event.js';
import type { StepGraph } from '../../contracts/step-graph.js';
import { CliError } from '../cli-error.js';
import { EXIT_INTERRUPTED, EXIT_INVALID, exitCodeForOutcome } from '../exit-codes.js';
import { findIncident, openJournalStore } from '../open-journal-store.js';
import { colorsOff, parseCommand } from '../parse-args.js';
import { createEventPrinter } from '../print-events.js';

const HELP = `Usage: runbook follow [RUN] [options]

Shows a run as it happens, from another terminal or another machine: its steps, output,
decisions and notes, and exits with the run's exit code when it ends (130 when its runner
stopped without an end). RUN is a run id or a unique prefix; the newest run by default.
Needs the shared journal: --journal postgres://… or RUNBOOK_JOURNAL (it listens for each
commit, LISTEN/NOTIFY; no polling).

Options:
  --journal URL    the PostgreSQL journal (default $RUNBOOK_JOURNAL)
`;

export default async function follow(argv: string[]): Promise<number> {
  const parsed = parseCommand('follow', argv, HELP, { journal: { type: 'string' } });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new CliError(`follow: unexpected arguments \`${positionals.slice(1).join(' ')}\`, expected at most one RUN`, EXIT_INVALID);
  const url = values.journal ?? process.env.RUNBOOK_JOURNAL ?? '';
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new CliError('follow: following a run needs the shared journal, expected `--journal postgres://…` or RUNBOOK_JOURNAL set to one', EXIT_INVALID, ['see docs/journal-postgres.md']);
  }
  const store = await openJournalStore('follow', url);
  const { incident } = await findIncident('follow', store, positionals[0]).finally(() => store.close());
  // The incident's newest run: a resumed run is followed where it goes on.
  const run = incident.runs.at(-1)!;
  const printer = createEventPrinter({ graph: { steps: [] } as unknown as StepGraph, out: process.stdout, noColor: colorsOff(values['no-color']) });
  const { followPostgresRun } = await import('../../journal/postgres/follow-postgres-run.js');
  let finished: Extract<RunEvent, { type: 'run-finished' }> | undefined;
  try {
    finished = await followPostgresRun(url, run.runId, printer);
  } catch (error) {
    throw new CliError(`follow: ${error instanceof Error ? error.message : String(error)}`, EXIT_INVALID);
  }
  if (!finished) {
    process.stderr.write(`runbook: run ${run.runId} stopped without an end (its runner is gone); \`runbook resume ${run.runId}\` continues it\n`);
    return EXIT_INTERRUPTED;
  }
  process.stdout.write(`\noutcome: ${finished.outcome}${finished.message ? ` — ${finished.message}` : ''}\n`);
  return exitCodeForOutcome(finished.outcome);
}
