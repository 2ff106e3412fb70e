import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import type { Position } from 'unist';
import { VFile } from 'vfile';
import { parseDuration } from '../graph/parse-duration.js';
import { reportProblem } from '../graph/report-problem.js';
import type { StepGraph } from '../contracts/step-graph.js';
import { parseAnnotation } from '../parse/parse-annotation.js';
import { createSourceIndex } from '../parse/source-index.js';
import type { YamlPath } from '../parse/types.js';
import { checkScenarioRules } from './check-scenario-rules.js';
import { decisionProblem } from './operator-decisions.js';
import { compileGlob } from './compile-glob.js';
import type { Rule, Scenario } from './scenario.js';
import { validateScenarioSchema } from './validate-scenario-schema.js';

export interface LoadedScenario {
  file: VFile;
  scenario?: Scenario;
  /** No errors (warnings allowed). */
  ok: boolean;
}

type Raw = {
  scenario: string;
  runbook?: string;
  summary?: string;
  state?: unknown;
  commands: RawRule[];
  passthrough?: string[];
  goal?: { reach?: string; outcome?: string; within?: string };
  hints?: { after: string; text: string }[];
  inputs?: Record<string, unknown>;
  answers?: Record<string, string>;
  decisions?: Record<string, string[]>;
};
type RawRule = { run: string; when?: Record<string, unknown>; set?: Record<string, unknown>; stdout?: string; stderr?: string; exit?: number; delay?: string; times?: number };

/**
 * Reads and checks a `*.scenario.yaml`: YAML, the schema (each problem at its YAML node),
 * rules that can never answer, unsafe passthrough tools, and, against the runbook's step graph
 * (given, or loaded from `runbook:`), the goal and the answers. Problems are vfile messages
 * on `file` (errors are fatal); `scenario` is set when there are no errors.
 */
export async function loadScenario(path: string, options: { graph?: StepGraph } = {}): Promise<LoadedScenario> {
  const file = new VFile({ path });
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    reportProblem(file, code === 'ENOENT' ? 'Cannot read scenario: no such file' : `Cannot read scenario: ${(error as Error).message}`, undefined, 'scenario-read');
    return { file, ok: false };
  }
  file.value = text;
  const index = createSourceIndex(text);
  const whole: Position = { start: index.point(0), end: index.point(text.length) };
  const parsed = parseAnnotation(text, (offset) => index.point(offset), whole, file, 'scenario');
  if (parsed.invalid) return { file, ok: false };
  const place = (p: YamlPath, part: 'key' | 'value' = 'value'): Position => parsed.place(p, part);
  // A block scalar with strip chomping (`|-`) is the text exactly: no final newline is added.
  const stripped = (at: Position) => /^[|>](\d?-|-\d)/.test(text.slice(at.start.offset ?? 0, (at.start.offset ?? 0) + 4));

  for (const problem of validateScenarioSchema(parsed.data)) reportProblem(file, problem.reason, place(problem.path, problem.part), 'scenario-schema');
  if (file.messages.some((m) => m.fatal)) return { file, ok: false };

  const raw = parsed.data as Raw;
  const state = normalizeState(raw.state);
  const rules: Rule[] = raw.commands.map((rule, i) => ({
    index: i,
    run: rule.run,
    pattern: compileGlob(rule.run),
    when: Object.fromEntries(Object.entries(rule.when ?? {}).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map(String)])),
    set: Object.fromEntries(Object.entries(rule.set ?? {}).map(([k, v]) => [k, String(v)])),
    stdout: withNewline(rule.stdout, stripped(place(['commands', i, 'stdout']))),
    stderr: withNewline(rule.stderr, stripped(place(['commands', i, 'stderr']))),
    exit: rule.exit ?? 0,
    delayMs: rule.delay === undefined ? 0 : (parseDuration(rule.delay) ?? 0),
    times: rule.times,
    position: place(['commands', i]),
  }));
  const passthrough = raw.passthrough ?? [];
  checkScenarioRules(file, place, rules, state, passthrough);

  const runbook = raw.runbook === undefined ? undefined : resolve(dirname(path), raw.runbook);
  let graph = options.graph;
  if (graph && runbook !== undefined && resolve(graph.file) !== runbook) {
    reportProblem(file, `Unexpected runbook: this scenario is written for \`${raw.runbook}\`, not ${basename(graph.file)}`, place(['runbook']), 'scenario-runbook', { fatal: false });
  }
  if (!graph && runbook !== undefined) {
    if (!existsSync(runbook)) {
      reportProblem(file, `Cannot find runbook \`${raw.runbook}\` (looked for ${relative(process.cwd(), runbook) || runbook})`, place(['runbook']), 'scenario-runbook');
    } else {
      const { loadRunbook } = await import('../check/load-runbook.js');
      graph = (await loadRunbook(runbook)).graph;
    }
  }
  if (graph) {
    checkAgainstGraph(file, place, raw, graph);
    checkDecisions(file, place, raw, graph);
  }

  const scenario: Scenario = {
    name: raw.scenario,
    path,
    runbook,
    summary: raw.summary,
    state,
    rules,
    passthrough,
    goal: raw.goal && { reach: raw.goal.reach, outcome: raw.goal.outcome, withinMs: raw.goal.within === undefined ? undefined : parseDuration(raw.goal.within) },
    hints: (raw.hints ?? []).map((hint) => ({ afterMs: parseDuration(hint.after) ?? 0, text: hint.text })).sort((a, b) => a.afterMs - b.afterMs),
    inputs: Object.fromEntries(Object.entries(raw.inputs ?? {}).map(([k, v]) => [k, String(v)])),
    answers: { ...raw.answers },
    decisions: { ...raw.decisions },
  };
  file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const ok = !file.messages.some((m) => m.fatal);
  return { file, scenario: ok ? scenario : undefined, ok };
}

function normalizeState(state: unknown): Record<string, string> {
  if (state === undefined || state === null) return {};
  if (typeof state === 'object') return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, String(v)]));
  return { state: String(state) };
}

function withNewline(text: string | undefined, exact: boolean): string {
  if (!text) return '';
  if (exact) return text;
  return text.endsWith('\n') ? text : `${text}\n`;
}

function checkAgainstGraph(file: VFile, place: (p: YamlPath, part?: 'key' | 'value') => Position, raw: Raw, graph: StepGraph): void {
  const ids = graph.steps.map((step) => step.id);
  const reach = raw.goal?.reach;
  if (reach !== undefined && !ids.includes(reach)) {
    reportProblem(file, `Unexpected goal step \`${reach}\`, expected a step id of ${basename(graph.file)}${suggest(reach, ids)}`, place(['goal', 'reach']), 'scenario-goal');
  }
  const outcome = raw.goal?.outcome;
  if (outcome !== undefined && !['completed', 'failed', 'aborted'].includes(outcome) && !graph.steps.some((step) => step.end === outcome || hasEndTarget(step, outcome))) {
    reportProblem(file, `Unexpected goal outcome \`${outcome}\`: no step of ${basename(graph.file)} ends with it`, place(['goal', 'outcome']), 'scenario-goal', { fatal: false });
  }
  for (const [stepId, label] of Object.entries(raw.answers ?? {})) {
    const step = graph.steps.find((s) => s.id === stepId);
    if (!step) reportProblem(file, `Unexpected answer for \`${stepId}\`, expected the id of an \`ask\` step${suggest(stepId, graph.steps.filter((s) => s.ask).map((s) => s.id))}`, place(['answers', stepId], 'key'), 'scenario-answer');
    else if (!step.ask) reportProblem(file, `Unexpected answer for \`${stepId}\`: it is not an \`ask\` step`, place(['answers', stepId], 'key'), 'scenario-answer');
    else if (!step.ask.choices.some((choice) => choice.label === label)) {
      reportProblem(file, `Unexpected answer \`${label}\` for \`${stepId}\`, expected one of ${step.ask.choices.map((c) => `\`${c.label}\``).join(', ')}`, place(['answers', stepId]), 'scenario-answer');
    }
  }
}

/** Each `decisions:` key a step that decides something, each entry one its kind of step takes. */
function checkDecisions(file: VFile, place: (p: YamlPath, part?: 'key' | 'value') => Position, raw: Raw, graph: StepGraph): void {
  for (const [stepId, entries] of Object.entries(raw.decisions ?? {})) {
    const step = graph.steps.find((s) => s.id === stepId);
    if (!step) {
      reportProblem(file, `Unexpected decisions for \`${stepId}\`, expected a step id${suggest(stepId, graph.steps.map((s) => s.id))}`, place(['decisions', stepId], 'key'), 'scenario-decision');
      continue;
    }
    entries.forEach((entry, i) => {
      const problem = decisionProblem(step, entry, graph);
      if (problem) reportProblem(file, problem, place(['decisions', stepId, i]), 'scenario-decision');
    });
  }
}

function hasEndTarget(step: StepGraph['steps'][number], outcome: string): boolean {
  const targets = [...step.branch.map((b) => b.target), step.else, step.onFailure, step.goto, ...(step.ask?.choices.map((c) => c.target) ?? [])];
  return targets.some((target) => target?.kind === 'end' && target.outcome === outcome);
}

function suggest(wrong: string, candidates: string[]): string {
  const close = candidates.find((c) => c.includes(wrong) || wrong.includes(c));
  return close ? ` (did you mean \`${close}\`?)` : '';
}
