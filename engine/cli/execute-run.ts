/**
 * The run driver shared by `run` and `resume`: makes the session (`engine/session/`: inputs,
 * the one masker, the journal tee, the rehearsal's world), picks the operator (the TUI, or
 * unattended flags), prints the events and the result. Returns the exit code.
 */
import type { StepGraph } from '../contracts/step-graph.js';
import type { Mode, RunAlert, RunEvent, WorldSnapshot } from '../contracts/run-event.js';
import type { Executor, RunStart } from '../contracts/run-seams.js';
import { createUnattendedOperator } from '../run/create-unattended-operator.js';
import { bashFor } from '../shell/bash-executor.js';
import { createSession, type Session, type SessionResult } from '../session/create-session.js';
import type { JournalStore } from '../journal/journal-store.js';
import type { RunLock } from '../journal/run-lock.js';
import { openRunJournal } from './open-run-journal.js';
import { inputSources } from '../tui/input-sources.js';
import { alertFilledInputs } from './read-alert-option.js';
import type { Rehearsal } from './prepare-rehearsal.js';
import { CliError } from './cli-error.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID, exitCodeForOutcome } from './exit-codes.js';
import { createEventPrinter } from './print-events.js';
import { printPreflightProblems } from './print-invalid-run.js';

export interface ExecuteRunOptions {
  runbookPath: string;
  graph: StepGraph;
  sha256: string;
  mode: Mode;
  /** Scenario for rehearsals: a path, or a name found beside the runbook. */
  scenario?: string;
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
  const unattended = options.yes || !process.stdin.isTTY || !process.stdout.isTTY;
  const rehearsal = options.mode === 'rehearsal' ? await loadRehearsal(options) : undefined;
  if (rehearsal === null) return EXIT_INVALID;
  const session = createSession({
    graph: options.graph,
    sha256: options.sha256,
    mode: options.mode,
    ...(rehearsal ? { rehearsal } : {}),
    inputs: options.inputs,
    answers: options.answers,
    ...(options.start ? { start: options.start } : {}),
    ...(options.resumedFrom ? { resumedFrom: options.resumedFrom } : {}),
    ...(options.journal ? { journal: (runId: string, masker: { mask(text: string): string }) => openRunJournal(options.journal!, runId, masker, options.lock) } : {}),
    ...(options.runId ? { runId: options.runId } : {}),
    ...(options.executor ? { executor: options.executor } : {}),
    ...(options.alert ? { alert: options.alert } : {}),
    interactiveStdout: options.json ? 'stderr' : 'terminal',
    ...incidentOf(options.history),
  });
  let events: RunEvent[];
  try {
    if (unattended) {
      const problems = session.preflight();
      if (problems.length > 0) {
        printPreflightProblems(options.runbookPath, problems, options.json);
        return EXIT_INVALID;
      }
    }
    // A store that refuses (or a run another runner holds) is a clear error before anything runs.
    await session.open();
    events = unattended ? await runUnattended(session, options, rehearsal) : await runInTui(session, options, rehearsal);
  } finally {
    await session.close();
  }
  return report(session.result(events), events, options, unattended, session.runId, rehearsal);
}

/** A resumed run's incident: the first run's id in its history. */
function incidentOf(history: RunEvent[] | undefined): { incident?: string } {
  const first = history?.find((event) => event.type === 'run-started');
  return first?.type === 'run-started' ? { incident: first.runId } : {};
}

/** The scenario, or null when it is invalid (its messages printed). */
async function loadRehearsal(options: ExecuteRunOptions): Promise<Rehearsal | null> {
  if (options.scenario === undefined) throw new CliError('run: rehearsal needs a scenario, expected `--rehearse SCENARIO`');
  // The scenario machinery is loaded for rehearsals only.
  const { prepareRehearsal } = await import('./prepare-rehearsal.js');
  const rehearsal = await prepareRehearsal(options.runbookPath, options.scenario, options.graph, {
    noColor: options.noColor,
    ...(options.world ? { world: options.world } : {}),
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
  });
  return rehearsal ?? null;
}

async function runUnattended(session: Session, options: ExecuteRunOptions, rehearsal: Rehearsal | undefined): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const unattended = createUnattendedOperator({ inputs: session.inputs, answers: session.answers, mode: options.mode });
  // A drill follows the operator's decisions its scenario records (a replay's retries, skips, go-tos).
  const earlier = rehearsal && options.history ? (await import('../report/replay-decisions.js')).operatorEntries(options.history) : undefined;
  const operator = rehearsal ? (await import('../rehearse/operator-decisions.js')).withDecisions(unattended, rehearsal.decisions, earlier) : unattended;
  const printer = createEventPrinter({ graph: options.graph, out: options.json ? process.stderr : process.stdout, noColor: options.noColor, ...(rehearsal ? { timeScale: rehearsal.timeScale } : {}) });
  const stopOnSignal = interruptHandler(session);
  try {
    for await (const event of session.events(operator)) {
      if (event.type !== 'output') events.push(event);
      printer(event);
    }
  } finally {
    stopOnSignal();
  }
  return events;
}

async function runInTui(session: Session, options: ExecuteRunOptions, rehearsal: Rehearsal | undefined): Promise<RunEvent[]> {
  const { renderRunTui } = await importTui();
  const route = await rehearsal?.expectedRoute().catch(() => undefined);
  const result = await renderRunTui({
    graph: options.graph,
    mode: options.mode,
    scenario: rehearsal?.path,
    inputSources: inputSources({ flags: options.inputs, scenario: rehearsal?.inputs, alert: alertFilledInputs('run', options.graph, options.alert) }),
    ...(rehearsal && rehearsal.timeScale !== 1 ? { timeScale: rehearsal.timeScale } : {}),
    noColor: options.noColor,
    mask: (text) => session.masker.mask(text),
    partialSecretLength: (text) => session.masker.partialSecretLength(text),
    // A live step runs in a terminal of its own, drawn in the TUI.
    start: (operator, controls, terminal) => session.events(operator, controls, rehearsal ? undefined : (executor) => terminal.executor(executor)),
    journaled: options.journal !== undefined,
    shell: bashFor(options.graph.settings.shell),
    resumeAt: options.interruptedStep,
    history: options.history,
    debrief: rehearsal ? (all) => rehearsal.renderDebrief(rehearsal.debrief([...(options.history ?? []), ...all], route), { color: !options.noColor }) : undefined,
  });
  return result.events.filter((event) => event.type !== 'output');
}

/** Prints the result (JSON, or the debrief and the outcome line) and gives the exit code. */
async function report(result: SessionResult, events: RunEvent[], options: ExecuteRunOptions, unattended: boolean, runId: string, rehearsal: Rehearsal | undefined): Promise<number> {
  const { journalError, ...summary } = result;
  const drill = rehearsal ? await import('./rehearsal-result.js') : undefined;
  const ownAnswersOnly = unattended && Object.keys(options.answers).length === 0 && Object.keys(options.inputs).length === 0;
  const debriefed = rehearsal && drill ? await drill.debriefDrill(rehearsal, events, { ...(options.history ? { earlier: options.history } : {}), ownAnswersOnly }) : undefined;
  const printed: Record<string, unknown> = { ...summary, ...(debriefed ? { rehearsal: debriefed } : {}) };
  if (options.json) {
    process.stdout.write(JSON.stringify(printed, null, 2) + '\n');
  } else if (unattended) {
    const out = process.stdout;
    if (debriefed) {
      const { renderDebrief } = await import('../report/render-debrief.js');
      out.write('\n' + renderDebrief(debriefed, { color: !options.noColor && Boolean(out.isTTY) }) + '\n');
    }
    out.write(`\n${drill && debriefed ? `${drill.drillVerdict(debriefed)} — ` : ''}${outcomeLine(summary)}\n`);
  }
  if (journalError) {
    process.stderr.write(`runbook: ${summary.message ?? `journal failed; runbook resume ${runId}`}\n`);
    return EXIT_FAILED;
  }
  const code = exitCodeForOutcome(summary.outcome, summary.interrupted === true);
  return drill && debriefed ? drill.drillExitCode(debriefed, code) : code;
}

/**
 * Loads the TUI. Ink draws only a final frame when it believes it runs in CI (`CI` set); we get
 * here only with a terminal on both ends, so an operator with `CI` in their environment still
 * gets the live screen. React and its reconciler pick their build from `NODE_ENV` when loaded:
 * without `production` they load the development build, which records every render in the
 * process's performance timeline (never cleared: a step flooding output ran the heap out of
 * memory). The environment is restored at once: steps still see `CI` and their own `NODE_ENV`.
 */
async function importTui(): Promise<typeof import('../tui/render-run-tui.js')> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION, NODE_ENV: process.env.NODE_ENV };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.NODE_ENV = 'production';
  try {
    return await import('../tui/render-run-tui.js');
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function outcomeLine(summary: Omit<SessionResult, 'journalError'>): string {
  const ran = summary.steps.filter((s) => s.status !== 'skipped').length;
  const failed = summary.steps.filter((s) => s.status === 'failed').length;
  const tail = summary.message ? ` — ${summary.message}` : '';
  const journal = summary.journal ? `\njournal: ${summary.journal}` : '';
  return `outcome: ${summary.outcome} (${ran} step${ran === 1 ? '' : 's'} run, ${failed} failed)${tail}${journal}`;
}

/** First Ctrl-C stops the run (the running step's process tree, and any retry it waits for); a second one exits at once. */
function interruptHandler(session: Session): () => void {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    count += 1;
    if (count === 1) {
      process.stderr.write(`\nrunbook: ${signal}: stopping the running step; the run can be resumed\n`);
      session.stop(new Error('interrupted'));
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
