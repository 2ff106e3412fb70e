/**
 * The run driver shared by `run` and `resume`: picks the executor (bash, or the scenario's
 * simulated world), the operator (the TUI, or unattended flags), tees every event to the
 * journal before the next step starts, and prints the result. Returns the exit code.
 */
import { resolve } from 'node:path';
import type { StepGraph } from '../contracts/step-graph.js';
import { secretNames as secretNamesOf } from '../graph/secret-names.js';
import type { Mode, RunAlert, RunEvent, WorldSnapshot } from '../contracts/run-event.js';
import type { Executor, Operator, RunControls, RunOptions, RunStart } from '../contracts/run-seams.js';
import { runGraph } from '../run/run-graph.js';
import { summarizeRun } from '../run/summarize-run.js';
import { bashFor, createBashExecutor } from '../shell/bash-executor.js';
import { createUnattendedOperator } from '../run/create-unattended-operator.js';
import { createMasker } from '../run/create-masker.js';
import { preflight } from '../run/preflight.js';
import type { JournalSink } from '../journal/journal-sink.js';
import type { JournalStore } from '../journal/journal-store.js';
import type { RunLock } from '../journal/run-lock.js';
import { teeJournal } from '../journal/tee-journal.js';
import { newRunId } from '../journal/new-run-id.js';
import { openRunJournal } from './open-run-journal.js';
import { CliError } from './cli-error.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID, exitCodeForOutcome } from './exit-codes.js';
import { createEventPrinter } from './print-events.js';
import type { Rehearsal } from './prepare-rehearsal.js';

export interface ExecuteRunOptions {
  runbookPath: string;
  graph: StepGraph;
  sha256: string;
  mode: Mode;
  /** Scenario for rehearsals: a path, or a name found beside the runbook. */
  scenario?: string;
  /** @deprecated use `scenario` (kept for callers written against the first draft). */
  scenarioPath?: string;
  inputs: Record<string, string>;
  answers: Record<string, string>;
  /** Unattended (`--yes`; also when stdin or stdout is not a terminal). */
  yes: boolean;
  json: boolean;
  /** Where the journal goes; undefined: no journal. */
  journal?: JournalStore;
  /** The new run's id (default: a fresh one). */
  runId?: string;
  /** The incident's lock, taken by `resume` before it read the journal (a new run takes its own). */
  lock?: RunLock;
  noColor: boolean;
  start?: RunStart;
  /** Resuming: the step that was running when the run stopped (the TUI says so), and the earlier events (the TUI shows them). */
  interruptedStep?: string;
  history?: RunEvent[];
  resumedFrom?: string;
  /** A drill's time scale (`--time-scale N`, `--fast`): scenario time per real time. */
  timeScale?: number;
  /** The alert that started the run (`--alert`): in run-started, and its fingerprint in the steps' environment. */
  alert?: RunAlert;
  /** A resumed rehearsal: the simulated world as the interrupted run left it. */
  world?: WorldSnapshot;
  /**
   * A live run's bash executor, started while the runbook was loaded (`createBashExecutor()`):
   * used when the runbook runs in plain bash, else another is made; the caller closes it.
   */
  executor?: Executor;
}

export async function executeRun(options: ExecuteRunOptions): Promise<number> {
  const { graph } = options;
  const unattended = options.yes || !process.stdin.isTTY || !process.stdout.isTTY;
  const scenarioRef = options.scenario ?? options.scenarioPath;
  let rehearsal: Rehearsal | undefined;
  if (options.mode === 'rehearsal') {
    if (scenarioRef === undefined) throw new CliError('run: rehearsal needs a scenario, expected `--rehearse SCENARIO`');
    // The scenario machinery is loaded for rehearsals only.
    const { prepareRehearsal } = await import('./prepare-rehearsal.js');
    rehearsal = await prepareRehearsal(options.runbookPath, scenarioRef, graph, { noColor: options.noColor, ...(options.world ? { world: options.world } : {}), ...(options.timeScale ? { timeScale: options.timeScale } : {}) });
    if (!rehearsal) return EXIT_INVALID;
  }
  const fingerprint: Record<string, string> = options.alert?.fingerprint ? { RUNBOOK_ALERT_FINGERPRINT: options.alert.fingerprint } : {};
  const inputs = withDefaults(graph, { ...rehearsal?.inputs, ...fingerprint, ...options.inputs }, options.mode);
  const secretNames = secretNamesOf(graph);
  const mask = createMasker(secretNames.map((name) => inputs[name]).filter((v): v is string => Boolean(v)));

  if (unattended) {
    const problems = preflight(graph, { inputs, answers: { ...rehearsal?.answers, ...options.answers }, env: { ...(rehearsal?.env ?? process.env), ...options.start?.state?.env, ...options.start?.vars }, mode: options.mode, startStepId: options.start?.stepId });
    if (problems.length > 0) {
      for (const problem of problems) {
        const place = problem.place?.start ? `:${problem.place.start.line}:${problem.place.start.column}` : '';
        process.stderr.write(`${options.runbookPath}${place}: ${problem.message}\n`);
      }
      process.stderr.write(`runbook: nothing was run (${problems.length} problem${problems.length === 1 ? '' : 's'} found before the run)\n`);
      return EXIT_INVALID;
    }
  }

  const runId = options.runId ?? newRunId();
  const journal: JournalSink | undefined = options.journal && (await openRunJournal(options.journal, runId, mask, options.lock));

  const executor: Executor = rehearsal
    ? rehearsal.executor
    : options.executor && bashFor(graph.settings.shell) === 'bash'
      ? options.executor
      : createBashExecutor({ shell: graph.settings.shell });
  const abort = new AbortController();
  const controls: RunControls = {};
  // The journal records the runbook's absolute path, so `resume` works from any directory.
  const journaledGraph: StepGraph = { ...(rehearsal?.graph ?? graph), file: resolve(graph.file) };
  const runOptions = (operator: Operator): RunOptions => ({
    graph: journaledGraph,
    runId,
    sha256: options.sha256,
    mode: options.mode,
    scenario: rehearsal?.path,
    executor,
    operator,
    inputs,
    secretNames,
    start: options.start,
    resumedFrom: options.resumedFrom,
    signal: abort.signal,
    hints: rehearsal?.hints,
    // A drill starts from a clean environment: the operator's never reaches it.
    ...(rehearsal ? { env: rehearsal.env } : {}),
    controls,
    // The previous step's end reaches the disk before the next command starts.
    beforeCommand: journal ? () => refuseOnError(() => journal.beforeCommand()) : undefined,
  });

  let journalError: Error | undefined;
  /** A journal that cannot store stops the run; the command about to start does not. */
  function stopRun(error: Error): void {
    journalError ??= error;
    abort.abort(journalError);
  }
  function refuseOnError(act: () => void): void {
    try {
      act();
    } catch (error) {
      stopRun(error instanceof Error ? error : new Error(String(error)));
    }
  }
  /** Writes each event to the journal before passing it on. */
  async function* journaled(events: AsyncIterable<RunEvent>): AsyncGenerator<RunEvent> {
    async function* withWorld(): AsyncGenerator<RunEvent> {
      // A rehearsal journals its world with each step, so `resume` goes on in the same world.
      for await (const raw of events) {
        if (raw.type === 'run-started' && options.alert) yield { ...raw, alert: options.alert };
        else yield rehearsal && raw.type === 'step-finished' ? { ...raw, world: rehearsal.world() } : raw;
      }
    }
    yield* journal ? teeJournal(withWorld(), journal, stopRun) : withWorld();
  }

  const events: RunEvent[] = [];
  try {
    if (unattended) {
      const operator = createUnattendedOperator({ inputs, answers: { ...rehearsal?.answers, ...options.answers }, mode: options.mode });
      const printer = createEventPrinter({ graph, out: options.json ? process.stderr : process.stdout, noColor: options.noColor, ...(rehearsal ? { timeScale: rehearsal.timeScale } : {}) });
      const stopOnSignal = interruptHandler(abort);
      try {
        for await (const event of journaled(runGraph(runOptions(operator)))) {
          if (event.type !== 'output') events.push(event);
          printer(event);
        }
      } finally {
        stopOnSignal();
      }
    } else {
      const { renderRunTui } = await importTui();
      const route = await rehearsal?.expectedRoute().catch(() => undefined);
      const result = await renderRunTui({
        graph,
        mode: options.mode,
        scenario: rehearsal?.path,
        noColor: options.noColor,
        mask: (text) => mask.mask(text),
        start: (operator, tuiControls, terminal) => {
          Object.assign(tuiControls, controls);
          // A live step runs in a terminal of its own, drawn in the TUI.
          const stepExecutor = rehearsal ? executor : terminal.executor(executor);
          return journaled(runGraph({ ...runOptions(operator), executor: stepExecutor, controls: tuiControls }));
        },
        journaled: journal !== undefined,
        shell: bashFor(graph.settings.shell),
        resumeAt: options.interruptedStep,
        history: options.history,
        debrief: rehearsal ? (all) => rehearsal!.renderDebrief(rehearsal!.debrief([...(options.history ?? []), ...all], route), { color: !options.noColor }) : undefined,
      });
      events.push(...result.events.filter((event) => event.type !== 'output'));
    }
  } finally {
    await journal?.close().catch((error: unknown) => journalError ?? stopRun(error as Error));
    await executor.close?.();
  }

  const summary: Record<string, unknown> = { ...summarizeRun(events, graph) };
  if (journal) summary.journal = journal.location;
  const drill = rehearsal ? await import('./rehearsal-result.js') : undefined;
  const debriefed = rehearsal && drill && (await drill.debriefDrill(rehearsal, events, { earlier: options.history, ownAnswersOnly: unattended && Object.keys(options.answers).length === 0 && Object.keys(options.inputs).length === 0 }));
  if (debriefed) summary.rehearsal = debriefed;
  if (journalError) {
    summary.outcome = 'failed';
    const disk = ['ENOSPC', 'EDQUOT', 'EFBIG'].includes((journalError as { code?: string }).code ?? 'ENOSPC');
    summary.message = `${journalError.message}; the run was stopped. ${disk ? 'Free some space' : 'Once the journal is back'}, then \`runbook resume ${runId}\``;
  }

  if (options.json) {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  } else if (unattended) {
    const out = process.stdout;
    if (debriefed) {
      const { renderDebrief } = await import('../report/render-debrief.js');
      out.write('\n' + renderDebrief(debriefed, { color: !options.noColor && Boolean(out.isTTY) }) + '\n');
    }
    out.write(`\n${drill && debriefed ? `${drill.drillVerdict(debriefed)} — ` : ''}${outcomeLine(summary)}\n`);
  }
  if (journalError) {
    process.stderr.write(`runbook: ${summary.message as string}\n`);
    return EXIT_FAILED;
  }
  const code = exitCodeForOutcome(String(summary.outcome));
  return drill && debriefed ? drill.drillExitCode(debriefed, code) : code;
}

/**
 * Inputs: flags first, then (live) the operator's environment, then the runbook's defaults.
 * A rehearsal never takes inputs from the real environment: a declared default wins there.
 */
/**
 * Loads the TUI. Ink draws only a final frame when it believes it runs in CI (`CI` set); we get
 * here only with a terminal on both ends, so an operator with `CI` in their environment still
 * gets the live screen. The environment is restored at once: steps still see `CI`.
 */
async function importTui(): Promise<typeof import('../tui/render-run-tui.js')> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await import('../tui/render-run-tui.js');
  } finally {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
}

function withDefaults(graph: StepGraph, given: Record<string, string>, mode: Mode): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const spec of Object.values(graph.settings.inputs)) {
    if (spec.default !== undefined && (mode === 'rehearsal' || process.env[spec.name] === undefined)) inputs[spec.name] = spec.default;
  }
  return { ...inputs, ...given };
}

function outcomeLine(summary: Record<string, unknown>): string {
  const steps = (summary.steps as { status: string }[]) ?? [];
  const ran = steps.filter((s) => s.status !== 'skipped').length;
  const failed = steps.filter((s) => s.status === 'failed').length;
  const tail = summary.message ? ` — ${String(summary.message)}` : '';
  const journal = summary.journal ? `\njournal: ${String(summary.journal)}` : '';
  return `outcome: ${String(summary.outcome)} (${ran} step${ran === 1 ? '' : 's'} run, ${failed} failed)${tail}${journal}`;
}

/** First Ctrl-C aborts the run (the running step's process tree is stopped); a second one exits at once. */
function interruptHandler(abort: AbortController): () => void {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    count += 1;
    if (count === 1) {
      process.stderr.write(`\nrunbook: ${signal}: stopping the running step; the run can be resumed\n`);
      abort.abort(new Error('interrupted'));
    } else {
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
