import { executeRun } from '../execute-run.js';
import { EXIT_INVALID } from '../exit-codes.js';
import { printInvalidJson } from '../print-invalid-run.js';
import { messagesAsData } from './messages-as-data.js';
import { colorsOff, parseCommand, parsePairs, refuseTogether } from '../parse-args.js';
import { loadRunbookOrExit } from '../load-runbook-or-exit.js';
import { CliError } from '../cli-error.js';
import { checkLiftedRun } from '../lift-gate.js';
import { openJournalStore } from '../open-journal-store.js';
import { checkGivenInputs } from '../check-given-inputs.js';
import { alertFilledInputs, readAlertOption } from '../read-alert-option.js';
import { createBashExecutor } from '../../shell/bash-executor.js';

const HELP = `Usage: runbook run FILE [options]
       runbook run --alert PAYLOAD --docs DIR [options]

Runs a runbook. On a terminal it opens the interactive TUI; with --yes (or without a
terminal) it runs unattended and refuses, before running anything, what it cannot answer.

Options:
  --rehearse SCENARIO    run inside a simulated world (a path, or a scenario name found beside the runbook)
  --time-scale N         a rehearsal's scenario time runs N times faster: rule delays, retry delays
                         and \`sleep\` in steps are divided by N (the debrief reports scenario time)
  --fast                 --time-scale 100
  --yes, -y              unattended: no prompts
  --input NAME=VALUE     an input (repeatable); only names the runbook asks for
  --input-any            also take inputs the runbook does not name (never BASH_ENV, PATH, LD_*… names)
  --answer STEP=CHOICE   answer an ask step, or confirm a dangerous step with its phrase (repeatable)
  --lift                 prose procedures become steps (automatic, to walk, when the runbook has no shell fence;
                         unattended runs execute lifted commands only with --lift)
  --json                 print one JSON result object on stdout (progress goes to stderr)
  --journal DIR|URL      where run journals go: a directory or postgres://… (default $RUNBOOK_JOURNAL,
                         else $XDG_STATE_HOME/runbook or ~/.local/state/runbook)
  --alert FILE|-         an Alertmanager webhook payload (or amtool alert query -o json): the first
                         firing alert fills the inputs from its labels (FILE may then be left out
                         with --docs DIR: the alert's runbook_url picks the runbook under DIR)
  --alert-fingerprint FP the alert of the payload to take (default: the first firing one)
  --docs DIR             where runbooks named by runbook_url are found
  --no-journal           do not write a journal
  --no-color             no colors (also NO_COLOR)
`;

export default async function run(argv: string[]): Promise<number> {
  let json = argv.includes('--json');
  let file = '';
  try {
    const parsed = parseRun(argv);
    if (!parsed) return 0;
    json = Boolean(parsed.values.json);
    file = parsed.positionals[0] ?? '';
    return await runFile(parsed.values, parsed.positionals);
  } catch (error) {
    // `--json`: a refusal (exit 2) is data on stdout too, as a runbook's problems are.
    if (json && error instanceof CliError && error.exitCode === EXIT_INVALID) {
      printInvalidJson(file, [{ file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', message: error.message, ruleId: null }]);
    }
    throw error;
  }
}

type Values = NonNullable<ReturnType<typeof parseRun>>['values'];

function parseRun(argv: string[]) {
  return parseCommand('run', argv, HELP, {
    rehearse: { type: 'string' },
    'time-scale': { type: 'string' },
    fast: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    input: { type: 'string', multiple: true },
    'input-any': { type: 'boolean' },
    answer: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    lift: { type: 'boolean' },
    journal: { type: 'string' },
    'no-journal': { type: 'boolean' },
    alert: { type: 'string' },
    'alert-fingerprint': { type: 'string' },
    docs: { type: 'string' },
  });
}

async function runFile(values: Values, positionals: string[]): Promise<number> {
  const { alert, runbookPath } = readAlertOption('run', values, positionals);
  const timeScale = parseTimeScale(values['time-scale'], Boolean(values.fast), values.rehearse !== undefined);
  refuseTogether('run', values, 'journal', 'no-journal');
  const inputs = parsePairs('run', 'input', values.input);
  const answers = parsePairs('run', 'answer', values.answer);
  const noColor = colorsOff(values['no-color']);
  // A live run's bash starts while the runbook is read and checked (about 8 ms here); it runs
  // nothing until a step does, and is stopped if the runbook is not run.
  const executor = values.rehearse === undefined ? createBashExecutor({ interactiveStdout: values.json ? 'stderr' : 'terminal' }) : undefined;
  executor?.prepare?.();
  try {
    const loaded = await loadRunbookOrExit(runbookPath, { json: Boolean(values.json), noColor, lift: Boolean(values.lift) });
    if (!loaded.graph) {
      if (values.json) printInvalidJson(runbookPath, messagesAsData([loaded.file]));
      return EXIT_INVALID;
    }
    checkGivenInputs(loaded.graph, inputs, { any: Boolean(values['input-any']), command: 'run' });
    checkLiftedRun(loaded.graph, { lift: Boolean(values.lift), unattended: Boolean(values.yes) || !process.stdin.isTTY || !process.stdout.isTTY, path: runbookPath });
    return await executeRun({
      executor,
      runbookPath: runbookPath,
      graph: loaded.graph,
      sha256: loaded.sha256,
      mode: values.rehearse === undefined ? 'live' : 'rehearsal',
      scenario: values.rehearse,
      ...(timeScale !== undefined ? { timeScale } : {}),
      inputs: { ...alertFilledInputs('run', loaded.graph, alert), ...inputs },
      ...(alert ? { alert } : {}),
      answers,
      yes: Boolean(values.yes),
      json: Boolean(values.json),
      journal: values['no-journal'] ? undefined : await openJournalStore('run', values.journal),
      noColor,
    });
  } finally {
    await executor?.close?.();
  }
}

/** `--time-scale N` (a number above 0) or `--fast`, for rehearsals only. */
function parseTimeScale(given: string | undefined, fast: boolean, rehearsal: boolean): number | undefined {
  if (given === undefined && !fast) return undefined;
  if (!rehearsal) throw new CliError('run: --time-scale and --fast are for rehearsals, expected `--rehearse SCENARIO` with them', 2);
  if (given === undefined) return 100;
  const scale = Number(given);
  if (!Number.isFinite(scale) || scale <= 0) throw new CliError(`run: unexpected --time-scale \`${given}\`, expected a number above 0 (10: ten times faster)`, 2);
  return scale;
}
