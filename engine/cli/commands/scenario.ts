import { existsSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { findIncident, openJournalStore } from '../open-journal-store.js';
import { renderReplayScenario } from '../../report/render-replay-scenario.js';
import { CliError } from '../cli-error.js';
import { EXIT_INVALID } from '../exit-codes.js';
import { parseCommand } from '../parse-args.js';

const HELP = `Usage: runbook scenario --from RUN [options]

Writes a rehearsal scenario that replays what a recorded run's commands printed, step by
step, so the run can be rehearsed again (\`runbook run FILE --rehearse SCENARIO\`) with
nothing real touched. RUN is a run id, a unique prefix, a journal file, or \`latest\`.
Secret values are never in the journal, so never in the scenario.

Options:
  --from RUN        the recorded run
  --out FILE        write the scenario there (default: stdout); by convention NAME.scenario.yaml
  --name NAME       the scenario's name (default replay-<run id>)
  --journal DIR|URL the journal directory or postgres:// URL (default $RUNBOOK_JOURNAL, else
                    $XDG_STATE_HOME/runbook or ~/.local/state/runbook)
`;

export default async function scenario(argv: string[]): Promise<number> {
  const parsed = parseCommand('scenario', argv, HELP, {
    from: { type: 'string' },
    out: { type: 'string', short: 'o' },
    name: { type: 'string' },
    journal: { type: 'string' },
  }, false);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (!values.from) throw new CliError('scenario: missing `--from RUN`, expected `runbook scenario --from RUN`', EXIT_INVALID, ['runbook runs  (to see the recent runs)']);
  void positionals;
  const store = await openJournalStore('scenario', values.journal);
  const { run, incident } = await findIncident('scenario', store, values.from).finally(() => store.close());
  if (!incident.events.some((event) => event.type === 'run-started')) {
    throw new CliError(`scenario: run ${run.runId} has no recorded start; there is nothing to replay`, EXIT_INVALID);
  }
  const runbook = run.runbook && existsSync(run.runbook) ? resolve(run.runbook) : run.runbook;
  const where = values.out ? relative(dirname(resolve(values.out)), runbook) || runbook : runbook;
  const askSteps = existsSync(runbook) ? await readAskSteps(runbook) : undefined;
  const text = renderReplayScenario(incident.events, { name: values.name, runbook: where, ...(askSteps ? { askSteps } : {}) });
  if (values.out) {
    writeFileSync(values.out, text);
    process.stderr.write(`runbook: wrote ${values.out} (replays run ${run.runId}); rehearse it with: runbook run ${run.runbook} --rehearse ${values.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/** The runbook's `ask` steps and their choice labels (undefined when it no longer loads). */
async function readAskSteps(path: string): Promise<{ id: string; choices: string[] }[] | undefined> {
  const { loadRunbook } = await import('../../check/load-runbook.js');
  const loaded = await loadRunbook(path).catch(() => undefined);
  return loaded?.graph?.steps.flatMap((step) => (step.ask ? [{ id: step.id, choices: step.ask.choices.map((choice) => choice.label) }] : []));
}
