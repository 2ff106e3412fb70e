import { parse, Scalar, stringify } from 'yaml';
import type { RunEvent } from '../contracts/run-event.js';
import { createMasker } from '../run/create-masker.js';
import { groupRun, stepExecutions } from './group-run.js';
import { echoOutput } from './echo-output.js';
import { shellPieces, type ShellPiece } from '../shell/text/simple-commands.js';
import { replayDecisions } from './replay-decisions.js';

/** Text tools a replay lets run for real, unless a recorded step ran them (then the recording answers them). */
export const REPLAY_PASSTHROUGH = ['jq', 'grep', 'awk', 'sed', 'head', 'tail', 'sort', 'uniq', 'wc', 'cut', 'tr', 'cat', 'date', 'sleep', 'seq'];

/** Tools whose output depends on their words only: in a `for` list they run for real, so the loop goes round as it did. */
const PURE = new Set(['seq']);

const MASK = '••••••';

const YAML_OPTIONS = { lineWidth: 0, blockQuote: 'literal' } as const;

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
  /**
   * The runbook's JavaScript/TypeScript steps (`run: true`): a rehearsal answers one by its whole
   * text, whitespace collapsed (rehearse/answer-js-step.ts), so its rule's `run:` is that text.
   */
  jsSteps?: string[];
  /**
   * The runbook's secret inputs: their values were never journaled, and the simulated world
   * needs none, so the replay gives each the mask (`••••••`) and a `--yes` replay needs no flag.
   */
  secretInputs?: string[];
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
    if (options.jsSteps?.includes(step.stepId)) {
      rules.push(voiceRule(step.command.trim().split(/\s+/).join(' '), step, `s${state}`, `s${(state += 1)}`, step.stdout));
      continue;
    }
    // A line continuation (`\` newline) joins the lines: the next line's words are no command.
    const pieces = shellPieces(step.command.replace(/\\\r?\n/g, ' '));
    const listed = forLists(pieces);
    const substituted = substitutions(pieces);
    const commands = pieces.flatMap((piece, k) =>
      piece.command && !NOT_A_COMMAND.has(piece.words[0] ?? '') && !(listed.has(k) && PURE.has(piece.command.name))
        ? [{ ...piece.command, listed: listed.has(k), substituted: substituted.has(k) }]
        : [],
    );
    if (commands.length === 0) continue;
    for (const command of commands) {
      used.add(command.name);
      catchAll.set(command.name, `${command.name} *`);
    }
    // The voice prints: the last command not inside `$(…)` (whose output the step does not print).
    const voice = commands.findLast((command) => !command.substituted) ?? commands.at(-1)!;
    const here = `s${state}`;
    const after = `s${state + 1}`;
    for (const quiet of commands.filter((command) => command !== voice)) {
      // A simulated `for` list gives one word, so the loop's body (and the voice in it) runs once.
      rules.push({ run: quiet.glob, when: { state: [here, after] }, times: 1, stdout: quiet.listed ? 'replay\n' : '' });
    }
    rules.push(voiceRule(voice.glob, step, here, after, withoutEchoes(step.stdout, pieces, known)));
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
  // The operator's retries, skips, go-tos and overrides, so a `--yes` replay takes the same path.
  const decisions = replayDecisions(events);
  if (Object.keys(decisions).length > 0) scenario.decisions = decisions;
  // The run's inputs, given or typed at a prompt (secret ones were never journaled), so the replay needs no --input.
  const inputs: Record<string, string> = { ...started?.inputs };
  for (const event of events) if (event.type === 'input' && !event.secret && event.value !== undefined && event.source === 'prompt') inputs[event.name] ??= event.value;
  for (const name of options.secretInputs ?? []) inputs[name] ??= MASK;
  if (Object.keys(inputs).length > 0) scenario.inputs = inputs;

  const header = [`# Generated by \`runbook scenario --from ${runId}\`.`, '# Secret values were never journaled; masked ones read ••••••.'];
  const yaml = stringify(scenario, YAML_OPTIONS);
  return createMasker().mask(`${header.join('\n')}\n${yaml}`);
}

/** The rule that answers a step's voice in state `here` (moving to `after`) with what the run printed. */
function voiceRule(glob: string, step: { stderr: string; finished?: { exitCode: number | null; timedOut: boolean } }, here: string, after: string, stdout: string): Record<string, unknown> {
  const rule: Record<string, unknown> = { run: glob, when: { state: here }, set: { state: after } };
  if (stdout) rule.stdout = exactText(stdout);
  if (step.stderr) rule.stderr = exactText(step.stderr);
  const exit = step.finished?.exitCode ?? (step.finished?.timedOut ? 124 : 1);
  if (exit !== 0) rule.exit = exit;
  return rule;
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

/**
 * Output as a YAML scalar that reads back byte for byte: text without a final newline as a
 * literal block with strip chomping (`|-`: the loader then adds none), text YAML would not give
 * back from a block (a line of spaces alone) double-quoted.
 */
function exactText(text: string): string | Scalar {
  const scalar = new Scalar(text);
  if (!text.endsWith('\n')) scalar.type = 'BLOCK_LITERAL';
  const written = stringify({ text: scalar }, YAML_OPTIONS);
  if ((parse(written) as { text: string }).text === text && (text.endsWith('\n') || /^text: [|]\d?-/.test(written))) return text.endsWith('\n') ? text : scalar;
  scalar.type = 'QUOTE_DOUBLE';
  return scalar;
}

/** Indices of the pieces that make a `for NAME in $(…)` (or backquoted) list. */
function forLists(pieces: ShellPiece[]): Set<number> {
  const listed = new Set<number>();
  let depth = 0;
  for (let k = 1; k < pieces.length; k++) {
    const previous = pieces[k - 1]!;
    const opens = previous.words[0] === 'for' && previous.words[2] === 'in' && ((previous.after === '(' && previous.words.at(-1) === '$') || previous.after === '`');
    if (opens) depth = 1;
    else if (depth > 0 && (previous.after === ')' || previous.after === '`')) depth = 0;
    if (depth > 0) listed.add(k);
  }
  return listed;
}

/** Indices of the pieces inside a command substitution (`$(…)`, backquotes). */
function substitutions(pieces: ShellPiece[]): Set<number> {
  const inside = new Set<number>();
  const open: boolean[] = [];
  let backquoted = false;
  for (let k = 0; k < pieces.length; k++) {
    const piece = pieces[k]!;
    // An empty piece is left out of the list: its separators still open or close a group.
    const previous = pieces[k - 1]?.after;
    if (piece.before === '(' && previous !== '(') open.push(false);
    if (piece.before === ')' && previous !== ')') open.pop();
    if (open.includes(true) || backquoted) inside.add(k);
    if (piece.after === '(') open.push(/\$$/.test(piece.words.at(-1) ?? ''));
    else if (piece.after === ')') open.pop();
    else if (piece.after === '`') backquoted = !backquoted;
  }
  return inside;
}
