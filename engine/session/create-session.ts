/**
 * A journaled, resumable run, as one library object: the inputs (given, defaults, the
 * scenario's), one masker that knows every secret (shared by the runner, the journal and the
 * screen), the preflight of an unattended run, the journal tee (each event stored before the next
 * command starts; a journal that cannot write stops the run), the rehearsal's world carried in
 * every `step-finished`, and the result. The CLI (`run`, `resume`) only picks the operator and
 * prints; `runSession` is the whole of it in one call.
 */
import { resolve } from 'node:path';
import type { OpenJournalSink, JournalSink } from '../contracts/journal-sink.js';
import type { Mode, RunAlert, RunEvent, WorldSnapshot } from '../contracts/run-event.js';
import type { Executor, Masker, Operator, RunControls, RunStart } from '../contracts/run-seams.js';
import type { StepGraph } from '../contracts/step-graph.js';
import { newRunId } from '../journal/new-run-id.js';
import { createMasker } from '../run/create-masker.js';
import { preflight, type Problem } from '../run/preflight.js';
import { runGraph } from '../run/run-graph.js';
import { summarizeRun, type RunSummary } from '../run/summarize-run.js';
import { bashFor, createBashExecutor } from '../shell/bash-executor.js';
import { teeJournal } from '../journal/tee-journal.js';
import type { RunTrace } from '../trace/run-trace.js';
import { startTrace } from '../trace/start-trace.js';
import { tracedExecutor } from '../trace/traced-executor.js';
import { secretInputValues, sessionInputs } from './session-inputs.js';

/** A rehearsal's scenario, ready (the CLI's `prepareRehearsal`): what the session needs of it. */
export interface SessionRehearsal {
  /** The scenario file (journaled in `run-started`). */
  path: string;
  /** `--time-scale` (journaled in `run-started` when not 1, so `resume` keeps it). */
  timeScale?: number;
  /** The simulated world's executor (the session closes it). */
  executor: Executor;
  /** The graph to run (e.g. retry delays scaled); default the session's. */
  graph?: StepGraph;
  /** The environment steps start from (a drill never gets the operator's); default the session's. */
  env?: Record<string, string>;
  hints: (elapsedMs: number) => string[];
  answers: Record<string, string>;
  inputs: Record<string, string>;
  /** The simulated world now (journaled with every step, so a resumed rehearsal goes on in it). */
  world(): WorldSnapshot;
}

export interface SessionOptions {
  graph: StepGraph;
  /** The runbook file's sha256 (journaled; `resume` compares it). */
  sha256: string;
  mode: Mode;
  /** A rehearsal's scenario, ready; required in mode `rehearsal`. */
  rehearsal?: SessionRehearsal;
  /** Given inputs (`--input`); defaults, and a scenario's inputs, fill in the rest. */
  inputs?: Record<string, string>;
  /** Given answers (`--answer`), for an unattended operator and the preflight; a scenario's fill in the rest. */
  answers?: Record<string, string>;
  /** Where a resumed run starts, and what it knows (`planResume`). */
  start?: RunStart;
  resumedFrom?: string;
  /** Opens the run's journal once its id is known (a store's lock and sink); none: no journal. */
  journal?: OpenJournalSink;
  /** The new run's id (default: a fresh one; `resume` takes the incident's lock for it first). */
  runId?: string;
  /** A live run's bash executor, started ahead (`createBashExecutor().prepare()`): used when the runbook runs in plain bash; the caller closes it. */
  executor?: Executor;
  /** Where an interactive step's stdout goes when the session makes its executor (`createBashExecutor`'s `interactiveStdout`). */
  interactiveStdout?: 'terminal' | 'stderr';
  /** The operator's environment; default `process.env`. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Aborting stops the run (outcome `aborted`). */
  signal?: AbortSignal;
  /** The alert that started the run: in `run-started`, and its fingerprint in the steps' environment (`RUNBOOK_ALERT_FINGERPRINT`). */
  alert?: RunAlert;
  /** The incident this run belongs to: its first run's id (default: this run's). Traces carry it (`docs/tracing.md`). */
  incident?: string;
}

export interface SessionResult extends RunSummary {
  /** Where the journal is (`JournalSink.location`). */
  journal?: string;
  /** The journal could not be written: the run was stopped (outcome `failed`). */
  journalError?: Error;
  /** Outcome `invalid`: what the preflight found (nothing was run). */
  problems?: Problem[];
}

export interface Session {
  readonly runId: string;
  /** The one masker of the run: every secret value it knows (given, typed, captured, exported). */
  readonly masker: Masker;
  readonly inputs: Record<string, string>;
  readonly answers: Record<string, string>;
  readonly rehearsal?: SessionRehearsal;
  /** What an unattended run would have to ask a person and cannot (exit 2, nothing run). */
  preflight(): Problem[];
  /** Opens the journal (a store that refuses throws here, before anything ran). */
  open(): Promise<void>;
  /**
   * The run's events with this operator, each journaled before the next command starts.
   * `wrapExecutor` puts the session's executor inside another (the TUI runs live steps in a terminal of their own).
   */
  events(operator: Operator, controls?: RunControls, wrapExecutor?: (executor: Executor) => Executor): AsyncGenerator<RunEvent>;
  /** Stops the run (the running step's process tree too); it can be resumed. */
  stop(reason?: Error): void;
  /** The result of the run from its events (a journal failure makes it `failed`). */
  result(events: RunEvent[]): SessionResult;
  /** Closes the journal and the executor the session made. */
  close(): Promise<void>;
}

export function createSession(options: SessionOptions): Session {
  const { graph, rehearsal } = options;
  if (options.mode === 'rehearsal' && !rehearsal) throw new Error('A rehearsal session needs a prepared scenario (`rehearsal`)');
  // A drill starts from the scenario's clean environment: the operator's never reaches it.
  const env = rehearsal?.env ?? options.env ?? process.env;
  const fingerprint: Record<string, string> = options.alert?.fingerprint ? { RUNBOOK_ALERT_FINGERPRINT: options.alert.fingerprint } : {};
  const inputs = sessionInputs(graph, { ...rehearsal?.inputs, ...fingerprint, ...options.inputs }, options.mode, env);
  const answers = { ...rehearsal?.answers, ...options.answers };
  const masker = createMasker(secretInputValues(graph, inputs));
  const runId = options.runId ?? newRunId();
  const abort = new AbortController();
  const onAbort = (): void => abort.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const ownExecutor = !rehearsal && !(options.executor && bashFor(graph.settings.shell) === 'bash');
  const executor: Executor = rehearsal ? rehearsal.executor : !ownExecutor && options.executor ? options.executor : createBashExecutor({ shell: graph.settings.shell, interactiveStdout: options.interactiveStdout ?? 'terminal' });
  let sink: JournalSink | undefined;
  // With an OTLP endpoint in the operator's environment, the run is a trace too (`engine/trace/`).
  let runTrace: RunTrace | undefined;
  let journalError: Error | undefined;
  const failJournal = (error: Error): void => {
    journalError ??= error;
    abort.abort(error);
  };

  return {
    runId,
    masker,
    inputs,
    answers,
    ...(rehearsal ? { rehearsal } : {}),
    preflight: () =>
      preflight(graph, {
        inputs,
        answers,
        env: { ...env, ...options.start?.state?.env, ...options.start?.vars },
        mode: options.mode,
        ...(options.start?.stepId !== undefined ? { startStepId: options.start.stepId } : {}),
      }),
    async open() {
      if (options.journal && !sink) sink = await options.journal(runId, masker);
    },
    async *events(operator, controls, wrapExecutor) {
      await this.open();
      runTrace ??= await startTrace({ graph, masker, env: process.env, ...(options.incident ? { incident: options.incident } : {}) });
      const wrapped = wrapExecutor ? wrapExecutor(executor) : executor;
      const run = runGraph({
        // The journal records the runbook's absolute path, so `resume` works from any directory.
        graph: { ...(rehearsal?.graph ?? graph), file: resolve(graph.file) },
        runId,
        sha256: options.sha256,
        mode: options.mode,
        ...(rehearsal ? { scenario: rehearsal.path, hints: rehearsal.hints, ...(rehearsal.timeScale ? { timeScale: rehearsal.timeScale } : {}) } : {}),
        executor: runTrace ? tracedExecutor(wrapped, runTrace) : wrapped,
        operator,
        inputs,
        masker,
        ...(options.start ? { start: options.start } : {}),
        ...(options.resumedFrom ? { resumedFrom: options.resumedFrom } : {}),
        signal: abort.signal,
        ...(rehearsal?.env || options.env ? { env: env as Record<string, string> } : {}),
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(controls ? { controls } : {}),
        // The previous step's end reaches the store before the next command starts.
        ...(sink ? { beforeCommand: beforeCommand(sink, failJournal) } : {}),
      });
      const decorated = rehearsal || options.alert ? decorate(run, rehearsal, options.alert) : run;
      const withWorld = runTrace ? runTrace.observe(decorated) : decorated;
      yield* sink ? teeJournal(withWorld, sink, failJournal) : withWorld;
    },
    stop: (reason) => abort.abort(reason ?? new Error('interrupted')),
    result(events) {
      const result: SessionResult = { ...summarizeRun(events, graph) };
      if (sink) result.journal = sink.location;
      if (journalError) {
        result.outcome = 'failed';
        const disk = ['ENOSPC', 'EDQUOT', 'EFBIG'].includes((journalError as { code?: string }).code ?? 'ENOSPC');
        result.message = `${journalError.message}; the run was stopped. ${disk ? 'Free some space' : 'Once the journal is back'}, then \`runbook resume ${runId}\``;
        result.journalError = journalError;
      }
      return result;
    },
    async close() {
      options.signal?.removeEventListener('abort', onAbort);
      try {
        // What the store could not take at the end is a journal failure too.
        await sink?.close().catch((error: unknown) => {
          journalError ??= error instanceof Error ? error : new Error(String(error));
        });
      } finally {
        if (ownExecutor || rehearsal) await executor.close?.();
        await runTrace?.shutdown();
      }
    },
  };
}

function beforeCommand(sink: JournalSink, fail: (error: Error) => void): () => void {
  return () => {
    try {
      sink.beforeCommand();
    } catch (error) {
      // Aborting the run's signal refuses the command (the executor checks it after `ready`).
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

/** The alert in `run-started`; a rehearsal's world in every `step-finished`, so `resume` goes on in the same world. */
async function* decorate(events: AsyncIterable<RunEvent>, rehearsal: SessionRehearsal | undefined, alert: RunAlert | undefined): AsyncGenerator<RunEvent> {
  for await (const event of events) {
    if (event.type === 'run-started' && alert) yield { ...event, alert };
    else yield rehearsal && event.type === 'step-finished' ? { ...event, world: rehearsal.world() } : event;
  }
}
