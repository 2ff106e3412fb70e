import type { RunAlert, RunEvent } from '../../contracts/run-event.js';
import type { RunStart } from '../../contracts/run-seams.js';
import { checkGivenInputs } from '../check-given-inputs.js';
import { newRunId } from '../../journal/new-run-id.js';
import { checkResumeStep, planResume, ResumeRefused, type ResumePlan } from '../../session/plan-resume.js';
import { CliError } from '../cli-error.js';
import { executeRun } from '../execute-run.js';
import { EXIT_INVALID } from '../exit-codes.js';
import { loadRunbookOrExit } from '../load-runbook-or-exit.js';
import { colorsOff, parseCommand, parsePairs } from '../parse-args.js';
import { lockIncident } from '../lock-incident.js';
import { openJournalStore } from '../open-journal-store.js';

const HELP = `Usage: runbook resume [RUN] [options]

Continues an interrupted run from its journal (the newest run by default): the step that was
running when it stopped runs again, with the variables, exports and working directory the run
had. RUN is a run id, a unique prefix of one, or a journal file. The resumed run writes its own
journal, linked to the first (reports show the whole incident).

Secret values are never journaled: give secret inputs again with --input.

Options:
  --journal DIR          the journal directory (default $XDG_STATE_HOME/runbook or ~/.local/state/runbook)
  --force                resume even though the runbook file changed since the run started
  --yes, -y              unattended: no prompts
  --input NAME=VALUE     an input (repeatable; overrides the recorded one); only names the runbook asks for
  --input-any            also take inputs the runbook does not name (never BASH_ENV, PATH, LD_*… names)
  --answer STEP=CHOICE   answer an ask step (repeatable)
  --json                 print one JSON result object on stdout
  --no-color             no colors (also NO_COLOR)
`;

export default async function resume(argv: string[]): Promise<number> {
  const parsed = parseCommand('resume', argv, HELP, {
    journal: { type: 'string' },
    force: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    input: { type: 'string', multiple: true },
    'input-any': { type: 'boolean' },
    answer: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new CliError(`resume: unexpected arguments \`${positionals.slice(1).join(' ')}\`, expected at most one RUN`, EXIT_INVALID, ['runbook resume --help']);
  const inputs = parsePairs('resume', 'input', values.input);
  const answers = parsePairs('resume', 'answer', values.answer);
  const noColor = colorsOff(values['no-color']);
  const runId = newRunId();
  // One run, one runner: the incident's lock first, then its journal as it is now.
  const { store, lock, incident, run } = await lockIncident('resume', await openJournalStore('resume', values.journal), positionals[0], runId);
  const latest = incident.runs.at(-1) ?? run;
  for (const problem of incident.problems) process.stderr.write(`runbook: warning: ${problem} (line skipped)\n`);
  let plan: ResumePlan;
  try {
    plan = planResume(incident.events, { force: Boolean(values.force), runId: latest.runId });
  } catch (error) {
    throw refused(error);
  }
  const { point } = plan;
  if (plan.changed) process.stderr.write(`runbook: warning: ${plan.changed}\n`);

  // A lifted run resumes on the same lifted graph (its step ids exist only lifted).
  const loaded = await loadRunbookOrExit(point.runbook, { json: Boolean(values.json), noColor, lift: liftedRun(incident.events) });
  if (!loaded.graph) return EXIT_INVALID;
  const graph = loaded.graph;
  checkGivenInputs(graph, inputs, { any: Boolean(values['input-any']), command: 'resume' });
  try {
    checkResumeStep(plan, graph);
  } catch (error) {
    throw refused(error);
  }
  const chain = incident.runs.length > 1 ? ` (incident ${incident.runs.map((info) => info.runId).join(' → ')})` : '';
  process.stderr.write(`runbook: resuming run ${point.runId}${chain} of ${point.runbook} ${plan.where}\n`);
  if (plan.lostSecrets) process.stderr.write(`runbook: warning: ${plan.lostSecrets}\n`);

  return executeRun({
    runbookPath: point.runbook,
    graph,
    sha256: plan.sha256,
    mode: point.mode,
    ...(point.mode === 'rehearsal' && point.scenario ? { scenario: point.scenario, ...timeScaleOf(incident.events) } : {}),
    inputs: { ...point.inputs, ...inputs },
    answers,
    yes: Boolean(values.yes),
    json: Boolean(values.json),
    journal: store,
    lock,
    runId,
    noColor,
    start: withGivenInputs(point.start, inputs),
    resumedFrom: point.runId,
    ...(point.interruptedStep ? { interruptedStep: point.interruptedStep } : {}),
    history: incident.events,
    // The alert that started the incident stays with it: in this run's run-started too.
    ...alertOf(incident.events),
    ...(point.world ? { world: point.world } : {}),
  });
}

/**
 * The resume point with the inputs given now (`--input`) over the recorded ones: the run's
 * variables and the shell environment it goes on in held the old values, which would win.
 */
function withGivenInputs(start: RunStart | undefined, inputs: Record<string, string>): RunStart | undefined {
  if (!start || Object.keys(inputs).length === 0) return start;
  return {
    ...start,
    vars: { ...start.vars, ...inputs },
    ...(start.state ? { state: { ...start.state, env: { ...start.state.env, ...inputs } } } : {}),
  };
}

/** The drill's `--time-scale`, from the latest run-started that has one: a resumed drill goes on at the same speed. */
function timeScaleOf(events: RunEvent[]): { timeScale?: number } {
  const started = events.findLast((event) => event.type === 'run-started' && event.timeScale !== undefined);
  return started?.type === 'run-started' && started.timeScale ? { timeScale: started.timeScale } : {};
}

/** True when a run of the incident walked lifted steps (`run-started.lift`). */
function liftedRun(events: RunEvent[]): boolean {
  return events.some((event) => event.type === 'run-started' && event.lift === true);
}

function alertOf(events: RunEvent[]): { alert?: RunAlert } {
  const alert = events.findLast((event) => event.type === 'run-started' && event.alert !== undefined);
  return alert?.type === 'run-started' && alert.alert ? { alert: alert.alert } : {};
}

function refused(error: unknown): unknown {
  return error instanceof ResumeRefused ? new CliError(`resume: ${error.message}`, EXIT_INVALID, error.nextSteps) : error;
}
