import { existsSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { findIncident, openJournalStore } from '../open-journal-store.js';
import { renderReplayScenario } from '../../report/render-replay-scenario.js';
import { CliError } from '../cli-error.js';
import { EXIT_INVALID } from '../exit-codes.js';
import { parseCommand } from '../parse-args.js';

const HELP = `Usage: runbook scenario --from RUN [options]
       runbook scenario show FILE

\`show FILE\`: the facilitator's view of a scenario: its expected route (a dry rehearsal with
its own answers), the answers, the hints and what each rule simulates.


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
  }, argv[0] === 'show');
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals[0] === 'show') return show(positionals.slice(1));
  if (!values.from) throw new CliError('scenario: missing `--from RUN`, expected `runbook scenario --from RUN`', EXIT_INVALID, ['runbook runs  (to see the recent runs)']);
  if (positionals.length > 0) throw new CliError(`scenario: unexpected \`${positionals.join(' ')}\`, expected \`--from RUN\` or \`show FILE\``, EXIT_INVALID, ['runbook scenario --help']);
  const store = await openJournalStore('scenario', values.journal);
  const { run, incident } = await findIncident('scenario', store, values.from).finally(() => store.close());
  if (!incident.events.some((event) => event.type === 'run-started')) {
    throw new CliError(`scenario: run ${run.runId} has no recorded start; there is nothing to replay`, EXIT_INVALID);
  }
  const runbook = run.runbook && existsSync(run.runbook) ? resolve(run.runbook) : run.runbook;
  const where = values.out ? relative(dirname(resolve(values.out)), runbook) || runbook : runbook;
  const facts = existsSync(runbook) ? await readRunbookFacts(runbook) : undefined;
  const text = renderReplayScenario(incident.events, { name: values.name, runbook: where, ...facts });
  if (values.out) {
    writeFileSync(values.out, text);
    process.stderr.write(`runbook: wrote ${values.out} (replays run ${run.runId}); rehearse it with: runbook run ${run.runbook} --rehearse ${values.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/** The runbook's `ask` steps with their choice labels, and its secret inputs without a default (nothing when it no longer loads). */
async function readRunbookFacts(path: string): Promise<{ askSteps: { id: string; choices: string[] }[]; secretInputs: string[]; jsSteps: string[] } | undefined> {
  const { loadRunbook } = await import('../../check/load-runbook.js');
  const { requiredInputs } = await import('../../graph/required-inputs.js');
  const { secretNames } = await import('../../graph/secret-names.js');
  const { isJsStep } = await import('../../shell/zx/js-step.js');
  const graph = (await loadRunbook(path).catch(() => undefined))?.graph;
  if (!graph) return undefined;
  const secret = new Set(secretNames(graph));
  return {
    askSteps: graph.steps.flatMap((step) => (step.ask ? [{ id: step.id, choices: step.ask.choices.map((choice) => choice.label) }] : [])),
    jsSteps: graph.steps.flatMap((step) => (isJsStep(step) ? [step.id] : [])),
    secretInputs: requiredInputs(graph).flatMap((input) => ((input.secret || secret.has(input.name)) && input.default === undefined ? [input.name] : [])),
  };
}

/** `runbook scenario show FILE`: the facilitator's view (exit 2 when the scenario is invalid). */
async function show(files: string[]): Promise<number> {
  if (files.length !== 1) throw new CliError('scenario show: expected one FILE, `runbook scenario show FILE`', EXIT_INVALID);
  const { loadScenario } = await import('../../rehearse/load-scenario.js');
  const { loadRunbook } = await import('../../check/load-runbook.js');
  const { expectedRoute } = await import('../../rehearse/expected-route.js');
  const { renderScenarioGuide } = await import('../../rehearse/render-scenario-guide.js');
  const { rehearsalEnv } = await import('../prepare-rehearsal.js');
  const { printMessages } = await import('../print-messages.js');
  const first = await loadScenario(files[0]!);
  const runbook = first.scenario?.runbook;
  const graph = runbook && existsSync(runbook) ? (await loadRunbook(runbook)).graph : undefined;
  const loaded = graph ? await loadScenario(files[0]!, { graph }) : first;
  if (loaded.file.messages.length > 0) printMessages([loaded.file], { noColor: true });
  if (!loaded.ok || !loaded.scenario || !graph) {
    if (loaded.ok && !graph) process.stderr.write(`runbook: scenario show: the scenario's runbook${runbook ? ` ${runbook}` : ''} cannot be read\n`);
    return EXIT_INVALID;
  }
  const route = await expectedRoute(loaded.scenario, graph, { env: rehearsalEnv() });
  const { secretNames } = await import('../../graph/secret-names.js');
  process.stdout.write(renderScenarioGuide(loaded.scenario, route, new Set(secretNames(graph))));
  return 0;
}
