import { stringify } from 'yaml';
import type { RunEvent } from '../contracts/run-event.js';
import { createMasker } from '../run/create-masker.js';
import { groupRun, stepExecutions } from './group-run.js';
import { echoOutput } from './echo-output.js';
import { shellPieces } from '../shell/text/simple-commands.js';

/** Text tools a replay lets run for real, unless a recorded step ran them (then the recording answers them). */
export const REPLAY_PASSTHROUGH = ['jq', 'grep', 'awk', 'sed', 'head', 'tail', 'sort', 'uniq', 'wc', 'cut', 'tr', 'cat', 'date', 'sleep'];

export interface ReplayScenarioOptions {
  /** `scenario:` name; default `replay-<runId>`. */
  name?: string;
  /** `runbook:` as the scenario should name it (relative to where the scenario file goes). */
  runbook?: string;
  /**
   * The runbook's `ask` steps and their choices, when it can be read: those the run never
   * reached get their first choice, so a replay with `--yes` needs no flag (it never reaches them).
   */
  askSteps?: { id: string; choices: string[] }[];
}

/** Words that open a compound command: what follows them is not a command (`for i in …`). */
const NOT_A_COMMAND = new Set(['for', 'select', 'case', 'function']);

/**
 * A scenario (SPEC §3) that replays what a recorded run's commands printed, step by step.
 *
 * The journal holds each step's whole output, not each command's, so the unit is the step:
 * - the world's `state` counts steps: `s1`, `s2`… (only steps that ran an external command);
 * - in step i, the LAST external command of the step text (its "voice", usually the end of the
 *   pipeline that prints) answers with the step's recorded stdout, stderr and exit code, when
 *   `state: s<i>`, and sets `state: s<i+1>`;
 *   Lines that plain `echo`s around it print for real in the rehearsal are left out of it;
 * - the step's other external commands answer nothing (exit 0), once each, in state `s<i>` or
 *   `s<i+1>` (a pipeline's commands start together, in any order);
 * - finally one catch-all per command name answers nothing, for extra calls (loops);
 * - text tools the recorded steps did not run stay passthrough.
 * Operator choices become `answers`, the goal is the step the run reached and its outcome.
 * Values come from the journal, which holds no secrets; token shapes are masked again.
 */
export function renderReplayScenario(events: RunEvent[], options: ReplayScenarioOptions = {}): string {
  const segments = groupRun(events);
  const started = segments.find((segment) => segment.started)?.started;
  const finished = segments.at(-1)?.finished;
  const executions = stepExecutions(segments).filter((step) => step.started && step.finished);
  const runId = started?.runId ?? 'run';

  const rules: Record<string, unknown>[] = [];
  const catchAll = new Map<string, string>();
  const used = new Set<string>();
  let state = 1;
  const vars: Record<string, string> = { ...started?.inputs };
  for (const step of executions) {
    const finishedStep = step.finished!;
    const known = { ...vars };
    Object.assign(vars, finishedStep.state?.env, finishedStep.captures);
    if (step.command === undefined || finishedStep.status === 'skipped') continue;
    const pieces = shellPieces(step.command);
    const commands = pieces.flatMap((piece) => (piece.command && !NOT_A_COMMAND.has(piece.words[0] ?? '') ? [piece.command] : []));
    if (commands.length === 0) continue;
    for (const command of commands) {
      used.add(command.name);
      catchAll.set(command.name, `${command.name} *`);
    }
    const voice = commands.at(-1)!;
    const here = `s${state}`;
    const after = `s${state + 1}`;
    for (const quiet of commands.slice(0, -1)) {
      rules.push({ run: quiet.glob, when: { state: [here, after] }, times: 1, stdout: '' });
    }
    const rule: Record<string, unknown> = { run: voice.glob, when: { state: here }, set: { state: after } };
    const stdout = withoutEchoes(step.stdout, pieces, known);
    if (stdout) rule.stdout = stdout;
    if (step.stderr) rule.stderr = step.stderr;
    const exit = finishedStep.exitCode ?? (finishedStep.timedOut ? 124 : 1);
    if (exit !== 0) rule.exit = exit;
    rules.push(rule);
    state += 1;
  }
  for (const glob of catchAll.values()) rules.push({ run: glob, stdout: '' });

  // Answers of `ask` steps only (an operator's retry, skip, go-to or branch is a choice too, but
  // not an answer a scenario can give), the first one of each.
  const answers: Record<string, string> = {};
  for (const event of events) {
    const answered = event.type === 'step-finished' && event.branch ? /^answered “(.*)” → /.exec(event.branch.reason) : null;
    if (event.type === 'step-finished' && answered && !(event.stepId in answers)) answers[event.stepId] = answered[1]!;
  }
  for (const step of options.askSteps ?? []) if (!(step.id in answers) && step.choices[0] !== undefined) answers[step.id] = step.choices[0];
  const reached = executions.at(-1)?.stepId;
  const goal: Record<string, string> = {};
  if (reached) goal.reach = reached;
  if (finished) goal.outcome = finished.outcome;

  const scenario: Record<string, unknown> = {
    scenario: options.name ?? `replay-${runId}`,
    ...(options.runbook ?? started?.runbook ? { runbook: options.runbook ?? started?.runbook } : {}),
    summary: `Replays run ${runId}${started ? ` of ${started.title}, recorded ${started.time}` : ''}: each step's commands print what they printed then.`,
    state: 's1',
    commands: rules,
    passthrough: REPLAY_PASSTHROUGH.filter((tool) => !used.has(tool)),
  };
  if (Object.keys(goal).length > 0) scenario.goal = goal;
  if (Object.keys(answers).length > 0) scenario.answers = answers;
  // The run's inputs (secret ones were never journaled), so the replay needs no --input.
  if (started && Object.keys(started.inputs).length > 0) scenario.inputs = { ...started.inputs };

  const header = [`# Generated by \`runbook scenario --from ${runId}\`.`, '# Secret values were never journaled; masked ones read ••••••.'];
  const yaml = stringify(scenario, { lineWidth: 0, blockQuote: 'literal' });
  return createMasker().mask(`${header.join('\n')}\n${yaml}`);
}

/**
 * The voice's stdout: the step's recorded stdout without the lines that plain `echo`s before
 * and after the voice print by themselves in the rehearsal (when they can be known and the
 * recording starts and ends with exactly them; else the recording is kept whole).
 */
function withoutEchoes(stdout: string, pieces: ReturnType<typeof shellPieces>, vars: Record<string, string>): string {
  const voice = pieces.findLastIndex((piece) => piece.command);
  const echoes = (list: typeof pieces) => {
    const lines: string[] = [];
    for (const piece of list) {
      if (piece.words[0] !== 'echo') continue;
      const line = echoOutput(piece, vars);
      if (line === undefined) return undefined;
      lines.push(line);
    }
    return lines.join('');
  };
  let result = stdout;
  const before = echoes(pieces.slice(0, voice));
  if (before && result.startsWith(before)) result = result.slice(before.length);
  const after = echoes(pieces.slice(voice + 1));
  if (after && result.endsWith(after)) result = result.slice(0, result.length - after.length);
  return result;
}
