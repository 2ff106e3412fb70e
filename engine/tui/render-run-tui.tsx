import { render, type Instance } from 'ink';
import type { StepGraph } from '../contracts/step-graph.js';
import type { Mode, RunEvent } from '../contracts/run-event.js';
import type { Executor, Operator, RunControls } from '../contracts/run-seams.js';
import { createPtyExecutor } from '../shell/pty/pty-executor.js';
import { applyHistory } from './apply-history.js';
import { computeLayout } from './compute-layout.js';
import { consumeRunEvents } from './consume-run-events.js';
import { createPtyScreen, type TuiPtyScreen } from './create-pty-screen.js';
import { createRunStore, type RunStore } from './create-run-store.js';
import { createTuiOperator, type TuiOperator } from './create-tui-operator.js';
import { editInEditor } from './edit-in-editor.js';
import { environmentInputs } from './environment-inputs.js';
import { pageOutput } from './page-output.js';
import { createTerminalHandOver, stopReading, type TerminalHandOver } from './hand-over-terminal.js';
import { initialTuiState } from './run-reducer.js';
import { RunApp } from './RunApp.js';
import { summaryLine } from './summary-line.js';
import { createTheme } from './theme.js';
import { ThemeContext } from './theme-context.js';
import type { Effect } from './tui-state.js';

export { MAX_KEPT_OUTPUT_CHARS } from './consume-run-events.js';
export { summaryLine } from './summary-line.js';

/** What the TUI offers the run besides the operator: steps in terminals of their own. */
export interface RunTerminal {
  /** Wraps a live run's bash executor: steps run in a pty drawn in the output pane. */
  executor(inner: Executor): Executor;
}

export interface RunTuiOptions {
  graph: StepGraph;
  mode: Mode;
  scenario?: string;
  /** Where the inputs given at the start come from (`--input`, the scenario, the alert), by name. */
  inputSources?: Record<string, string>;
  /** A rehearsal's time scale (`--time-scale N`, `--fast`), shown in the header. */
  timeScale?: number;
  noColor: boolean;
  /** Secret values to mask on screen (already masked in events; used for what the TUI renders itself, like edited commands and step terminals). */
  mask: (text: string) => string;
  /** How much of the end of a text could begin a secret (a step's terminal holds it back until its next output). */
  partialSecretLength?: (text: string) => number;
  /** Starts the run with the TUI as operator; the CLI tees the events to the journal. */
  start(operator: Operator, controls: RunControls, terminal: RunTerminal): AsyncIterable<RunEvent>;
  /** When resuming: ask before re-running this interrupted step. */
  resumeAt?: string;
  /** When resuming: the earlier run's events (from the journal), shown as what the earlier steps did. */
  history?: RunEvent[];
  /** Rendered text of the rehearsal debrief for the final screen, given the events (optional). */
  debrief?: (events: RunEvent[]) => string | undefined;
  /** The run has a journal (`runbook resume` can find it); default true. */
  journaled?: boolean;
  /** The bash that steps run in (the runbook's `shell`, as the executor resolves it); default `bash`. */
  shell?: string;
  /** Streams (tests and benchmarks); default the process's. */
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Fixed screen size (tests); default the terminal's. */
  size?: { columns: number; rows: number };
  /** Handle SIGINT as Ctrl-C (default true). */
  handleSignals?: boolean;
}

export interface RunTuiResult {
  outcome: string;
  /** The run's events; output events only up to `MAX_KEPT_OUTPUT_CHARS` (the journal has them all). */
  events: RunEvent[];
}

interface Parts {
  store: RunStore;
  operator: TuiOperator;
  screen: TuiPtyScreen;
  terminal: TerminalHandOver;
  unmount(): Promise<void>;
  left: Promise<void>;
  leaving(): boolean;
}

/**
 * Runs a runbook in the interactive TUI: the TUI is the operator, renders the event stream,
 * and prints the outcome with a one-line summary when it closes.
 */
export async function renderRunTui(options: RunTuiOptions): Promise<RunTuiResult> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const controls: RunControls = {};
  const events: RunEvent[] = [];
  const parts = assemble(options, controls, events, stdin, stdout);
  const { store } = parts;
  const onSigint = (): void => store.dispatch({ type: 'interrupt' });
  const handleSignals = options.handleSignals ?? true;
  if (handleSignals) process.on('SIGINT', onSigint);

  const made: Executor[] = [];
  const runTerminal: RunTerminal = {
    executor: (inner) => {
      const executor = createPtyExecutor(inner, parts.screen, { shell: options.shell ?? 'bash' });
      made.push(executor);
      return executor;
    },
  };
  const consumed = await consumeRunEvents(options.start(parts.operator, controls, runTerminal), store, events, {
    left: parts.left,
    onScreen: (stepId) => parts.screen.owns(stepId),
  });
  store.flush();
  if (handleSignals) process.off('SIGINT', onSigint);
  await Promise.all(made.map((executor) => executor.close?.()));

  let { outcome, failure } = consumed;
  if (outcome === undefined) {
    const aborted = parts.leaving() || (failure instanceof Error && failure.name === 'AbortError');
    outcome = aborted ? 'aborted' : 'failed';
    const message = aborted ? leftMessage(options.journaled ?? true) : failure instanceof Error ? failure.message : undefined;
    const event: RunEvent = { type: 'run-finished', time: new Date().toISOString(), outcome, ...(message ? { message } : {}) };
    events.push(event);
    store.dispatch({ type: 'event', event });
    if (aborted) failure = undefined;
  }

  // Let the final frame reach the screen, then leave it there.
  await new Promise((resolve) => setTimeout(resolve, 40));
  await parts.unmount();
  if (stdin.isTTY) stdin.setRawMode?.(false);
  stopReading(stdin);
  const state = store.getState();
  store.close();

  const debrief = options.debrief?.(events);
  if (debrief) stdout.write(`\n${debrief}\n`);
  stdout.write(`${summaryLine(state, outcome, options.journaled ?? true)}\n`);
  if (failure !== undefined) throw failure;
  return { outcome, events };
}

function leftMessage(journaled: boolean): string {
  return journaled ? 'the operator left; `runbook resume` continues the run' : 'the operator left (no journal: the run cannot be resumed)';
}

/** The store, the screen of pty steps, the terminal hand-over and the operator, wired together; the TUI mounted. */
function assemble(options: RunTuiOptions, controls: RunControls, events: RunEvent[], stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): Parts {
  const theme = createTheme(options.noColor || Boolean(process.env.NO_COLOR));
  let leaving = false;
  let onLeave: () => void = () => {};
  const left = new Promise<void>((resolve) => (onLeave = resolve));
  let operator: TuiOperator | undefined;
  let terminal: TerminalHandOver | undefined;
  let screen: TuiPtyScreen | undefined;
  const initial = environmentInputs(applyHistory(initialTuiState(options.graph, options.mode, { scenario: options.scenario, timeScale: options.timeScale, inputSources: options.inputSources }), options.history ?? []), process.env);
  const store = createRunStore(initial, {
    onEffect: (effect: Effect) => perform(effect),
  });

  function perform(effect: Effect): void {
    switch (effect.kind) {
      case 'answer':
        return operator?.settle(effect.promptId, effect.value);
      case 'cancel-step':
        return controls.cancelStep?.();
      case 'type':
        return screen?.type(effect.data);
      case 'note':
        return keepNote(effect, controls, events, store);
      case 'open-editor':
        if (terminal) void editInEditor(effect.text, store, terminal);
        return;
      case 'change-input': {
        const problem = controls.changeInput ? controls.changeInput(effect.name, effect.value) : 'This runner cannot change inputs during a run';
        queueMicrotask(() => store.dispatch({ type: 'input-change', name: effect.name, ...(problem !== undefined ? { problem } : {}) }));
        return;
      }
      case 'page-output':
        if (terminal) void pageOutput(store, terminal);
        return;
      case 'quit':
        leaving = true;
        operator?.leave();
        onLeave();
        return;
    }
  }

  let instance: Instance | undefined;
  const mount = (): void => {
    instance = render(
      <ThemeContext.Provider value={theme}>
        <RunApp store={store} graph={options.graph} mask={options.mask} size={options.size} />
      </ThemeContext.Provider>,
      { stdout, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 30 },
    );
  };
  const unmount = async (): Promise<void> => {
    const current = instance;
    instance = undefined;
    if (!current) return;
    current.unmount();
    await current.waitUntilExit().catch(() => undefined);
  };
  const onSigint = (): void => store.dispatch({ type: 'interrupt' });
  terminal = createTerminalHandOver({ stdin, stdout, store, mount, unmount, signals: (options.handleSignals ?? true) ? { onSigint } : undefined });
  const terminalSize = (): { columns: number; rows: number } => options.size ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  screen = createPtyScreen({
    store,
    mask: options.mask,
    partialSecretLength: options.partialSecretLength,
    color: !(options.noColor || Boolean(process.env.NO_COLOR)),
    terminalSize,
    paneSize: () => {
      const size = terminalSize();
      const layout = computeLayout(size.columns, size.rows, { prose: 0, command: 0, result: 0 });
      return { columns: layout.outlineWidth > 0 ? layout.mainWidth : size.columns, rows: size.rows };
    },
    fullScreen: terminal.fullScreen,
  });
  if (!options.size) stdout.on('resize', () => screen?.resize());
  const withTerminal = <T,>(run: () => Promise<T>): Promise<T> => terminal!.handOver('The step has the terminal; the runbook comes back when it exits', run);
  operator = createTuiOperator(store, { mask: options.mask, resumeAt: options.resumeAt, withTerminal, graph: options.graph });
  mount();
  return { store, operator, screen, terminal, unmount, left, leaving: () => leaving };
}

/** A note to the journal; a runner without a note API: kept in the events given back, and on screen. */
function keepNote(effect: Extract<Effect, { kind: 'note' }>, controls: RunControls, events: RunEvent[], store: RunStore): void {
  if (controls.note) return controls.note(effect.text, effect.stepId);
  const event: RunEvent = { type: 'note', time: new Date().toISOString(), stepId: effect.stepId, text: effect.text };
  events.push(event);
  queueMicrotask(() => {
    store.dispatch({ type: 'event', event });
    store.dispatch({ type: 'message', message: { kind: 'warning', text: 'This runner cannot journal notes: the note is kept in the run summary only.' } });
  });
}
