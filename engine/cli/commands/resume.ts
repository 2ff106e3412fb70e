import { checkGivenInputs } from '../check-given-inputs.js';
import { existsSync } from 'node:fs';
import { newRunId } from '../../journal/new-run-id.js';
import { resumePoint, type ResumePoint } from '../../journal/resume-point.js';
import { CliError } from '../cli-error.js';
import { executeRun } from '../execute-run.js';
import { EXIT_INVALID } from '../exit-codes.js';
import { fileSha256, loadRunbookOrExit } from '../load-runbook-or-exit.js';
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
  let point: ResumePoint;
  try {
    point = resumePoint(incident.events);
  } catch (error) {
    throw new CliError(`resume: run ${latest.runId}: ${(error as Error).message}`);
  }
  for (const problem of incident.problems) process.stderr.write(`runbook: warning: ${problem} (line skipped)\n`);
  if (point.finished) {
    throw new CliError(`resume: run ${point.runId} already finished (outcome: ${point.outcome ?? '?'}); there is nothing to resume`, EXIT_INVALID, [
      `runbook report ${point.runId}`,
      `runbook run ${point.runbook}  (to start a new run)`,
    ]);
  }
  if (point.endedAfterLastStep) {
    throw new CliError(`resume: run ${point.runId} ran its last step (\`${point.lastFinishedStep}\`) and stopped before recording its outcome; there is nothing left to run`, EXIT_INVALID, [
      `runbook report ${point.runId}`,
    ]);
  }
  if (!existsSync(point.runbook)) {
    throw new CliError(`resume: the runbook ${point.runbook} of run ${point.runId} is not there any more`, EXIT_INVALID, ['run `runbook resume` from the directory the run was started in']);
  }
  const sha256 = fileSha256(point.runbook);
  if (sha256 !== point.sha256) {
    if (!values.force) {
      throw new CliError(
        `resume: ${point.runbook} changed since run ${point.runId} started (sha256 ${point.sha256.slice(0, 12)} → ${sha256.slice(0, 12)}); the steps may not be the ones that ran`,
        EXIT_INVALID,
        ['check the change, then resume anyway with --force', `or start a new run: runbook run ${point.runbook}`],
      );
    }
    process.stderr.write(`runbook: warning: ${point.runbook} changed since the run started; resuming anyway (--force)\n`);
  }

  const loaded = await loadRunbookOrExit(point.runbook, { json: Boolean(values.json), noColor });
  if (!loaded.graph) return EXIT_INVALID;
  const graph = loaded.graph;
  checkGivenInputs(graph, inputs, { any: Boolean(values['input-any']), command: 'resume' });
  const stepId = point.start.stepId;
  if (stepId !== undefined && !graph.steps.some((step) => step.id === stepId)) {
    throw new CliError(`resume: step \`${stepId}\` of run ${point.runId} is not in ${point.runbook} any more`, EXIT_INVALID);
  }

  const where = point.interruptedStep
    ? `at step \`${point.interruptedStep}\` (it was running when the run stopped; it runs again)`
    : stepId
      ? `at step \`${stepId}\`${point.lastFinishedStep ? ` (after \`${point.lastFinishedStep}\`)` : ''}`
      : 'from the start (no step had started)';
  const chain = incident.runs.length > 1 ? ` (incident ${incident.runs.map((info) => info.runId).join(' → ')})` : '';
  process.stderr.write(`runbook: resuming run ${point.runId}${chain} of ${point.runbook} ${where}\n`);
  if (point.maskedCaptures.length > 0) {
    process.stderr.write(
      `runbook: warning: secret values ${point.maskedCaptures.map((name) => `\`${name}\``).join(', ')} were not journaled; steps that use them need them again\n`,
    );
  }

  return executeRun({
    runbookPath: point.runbook,
    graph,
    sha256,
    mode: point.mode,
    ...(point.mode === 'rehearsal' && point.scenario ? { scenario: point.scenario } : {}),
    inputs: { ...point.inputs, ...inputs },
    answers,
    yes: Boolean(values.yes),
    json: Boolean(values.json),
    journal: store,
    lock,
    runId,
    noColor,
    start: point.start,
    resumedFrom: point.runId,
    ...(point.interruptedStep ? { interruptedStep: point.interruptedStep } : {}),
    history: incident.events,
    ...(point.world ? { world: point.world } : {}),
  });
}
