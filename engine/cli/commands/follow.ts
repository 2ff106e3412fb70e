import type { RunEvent } from '../../contracts/run-event.js';
import type { StepGraph } from '../../contracts/step-graph.js';
import type { JournalStore } from '../../journal/journal-store.js';
import { CliError } from '../cli-error.js';
import { EXIT_INTERRUPTED, EXIT_INVALID, exitCodeForOutcome } from '../exit-codes.js';
import { findIncident, openJournalStore } from '../open-journal-store.js';
import { colorsOff, parseCommand } from '../parse-args.js';
import { followOutput } from '../follow-output.js';
import { createEventPrinter } from '../print-events.js';

const HELP = `Usage: runbook follow [RUN] [options]

Shows a run as it happens, from another terminal (the file journal) or another machine (the
shared PostgreSQL journal): its steps, output, decisions and notes, and exits with the run's
exit code when it ends (130 when its runner stopped without an end). RUN is a run id or a
unique prefix; by default the newest running run (else the newest run). A resumed run is
followed where it goes on. No tight polling: the file journal's directory is watched, the
database announces each commit (LISTEN/NOTIFY).

Options:
  --journal DIR|URL  the journal directory or postgres:// URL (default $RUNBOOK_JOURNAL, else
                     $XDG_STATE_HOME/runbook or ~/.local/state/runbook)
  --no-color         no colors (also NO_COLOR)
`;

type Finished = Extract<RunEvent, { type: 'run-finished' }>;

export default async function follow(argv: string[]): Promise<number> {
  const parsed = parseCommand('follow', argv, HELP, { journal: { type: 'string' } });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new CliError(`follow: unexpected arguments \`${positionals.slice(1).join(' ')}\`, expected at most one RUN`, EXIT_INVALID);
  const store = await openJournalStore('follow', values.journal);
  const { incident } = await findIncident('follow', store, positionals[0] ?? (await newestRunning(store))).finally(() => store.close());
  // The incident's newest run: a resumed run is followed where it goes on.
  const run = incident.runs.at(-1)!;
  // One printer for both stores, as an unattended run prints.
  // On a terminal, lines are wrapped at its width (readable at 80 columns); token shapes masked again.
  const out = followOutput(process.stdout);
  const printer = createEventPrinter({ graph: { steps: [] } as unknown as StepGraph, out: out as NodeJS.WriteStream, noColor: colorsOff(values['no-color']) });
  let finished: Finished | undefined;
  try {
    if (/^postgres(ql)?:\/\//i.test(store.location)) {
      const { followPostgresRun } = await import('../../journal/postgres/follow-postgres-run.js');
      finished = await followPostgresRun(values.journal ?? process.env.RUNBOOK_JOURNAL ?? '', run.runId, printer);
    } else {
      const { followFileRun } = await import('../../journal/follow-file-run.js');
      finished = await followFileRun(run.path, incident.runs[0]!.runId, printer);
    }
  } catch (error) {
    throw new CliError(`follow: ${error instanceof Error ? error.message : String(error)}`, EXIT_INVALID);
  }
  if (!finished) {
    process.stderr.write(`runbook: run ${run.runId} stopped without an end (its runner is gone); \`runbook resume ${run.runId}\` continues it\n`);
    return EXIT_INTERRUPTED;
  }
  out.write(`\noutcome: ${finished.outcome}${finished.message ? ` — ${finished.message}` : ''}\n`);
  return exitCodeForOutcome(finished.outcome);
}

/** The newest run that has a runner now; undefined (the newest run) when none has. */
async function newestRunning(store: JournalStore): Promise<string | undefined> {
  return (await store.listRuns()).find((info) => info.outcome === 'running')?.runId;
}
