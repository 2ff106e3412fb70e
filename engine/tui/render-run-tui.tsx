import { render, type Instance } from 'ink';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepGraph } from '../contracts/step-graph.js';
import type { Mode, RunEvent } from '../contracts/run-event.js';
import type { Operator, RunControls } from '../contracts/run-seams.js';
import { createRunStore } from './create-run-store.js';
import { createTuiOperator, type TuiOperator } from './create-tui-operator.js';
import { formatCompactDuration } from './format-duration.js';
import { initialTuiState } from './run-reducer.js';
import { RunApp } from './RunApp.js';
import { createTheme } from './theme.js';
import { ThemeContext } from './theme-context.js';
import type { Effect, TuiState } from './tui-state.js';

export interface RunTuiOptions {
  graph: StepGraph;
  mode: Mode;
  scenario?: string;
  noColor: boolean;
  /** Secret values to mask on screen (already masked in events; used for what the TUI renders itself, like edited commands). */
  mask: (text: string) => string;
  /** Starts the run with the TUI as operator; the CLI tees the events to the journal. */
  start(operator: Operator, controls: RunControls): AsyncIterable<RunEvent>;
  /** When resuming: ask before re-running this interrupted step. */
  resumeAt?: string;
  /** Rendered text of the rehearsal debrief for the final screen, given the events (optional). */
  debrief?: (events: RunEvent[]) => string | undefined;
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

/** Output characters kept in the returned events (a step may print 100 MB; the screen keeps only its scrollback). */
export const MAX_KEPT_OUTPUT_CHARS = 1_000_000;
/** After `q`, how long the runner gets to wind down before the TUI stops listening to it. */
const LEAVE_GRACE_MS = 3000;
/** The event loop is given back this often while events pour in, so keys and frames are never starved. */
const YIELD_EVERY_MS = 16;

/**
 * Runs a runbook in the interactive TUI: the TUI is the operator, renders the event stream,
 * and prints the outcome with a one-line summary when it closes.
 */
export async function renderRunTui(options: RunTuiOptions): Promise<RunTuiResult> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const noColor = options.noColor || Boolean(process.env.NO_COLOR);
  const theme = createTheme(noColor);
  const events: RunEvent[] = [];
  const controls: RunControls = {};
  let keptOutput = 0;
  let leaving = false;
  let onLeave: () => void = () => {};
  const left = new Promise<void>((resolve) => (onLeave = resolve));
  let operator: TuiOperator | undefined;

  const store = createRunStore(initialTuiState(options.graph, options.mode, { scenario: options.scenario }), {
    onEffect: (effect: Effect) => perform(effect),
  });

  function perform(effect: Effect): void {
    switch (effect.kind) {
      case 'answer':
        operator?.settle(effect.promptId, effect.value);
        return;
      case 'cancel-step':
        if (controls.cancelStep) controls.cancelStep();
        return;
      case 'note': {
        if (controls.note) {
          controls.note(effect.text, effect.stepId);
          return;
        }
        // A runner without a note API: keep the note in the events given back, and on screen.
        const event: RunEvent = { type: 'note', time: new Date().toISOString(), stepId: effect.stepId, text: effect.text };
        events.push(event);
        queueMicrotask(() => {
          store.dispatch({ type: 'event', event });
          store.dispatch({ type: 'message', message: { kind: 'warning', text: 'This runner cannot journal notes: the note is kept in the run summary only.' } });
        });
        return;
      }
      case 'open-editor':
        void editInEditor(effect.text);
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

  const handleSignals = options.handleSignals ?? true;
  const onSigint = (): void => store.dispatch({ type: 'interrupt' });
  const ignoreSigint = (): void => {};
  if (handleSignals) process.on('SIGINT', onSigint);

  // The TUI steps aside (unmounted, raw mode off, not reading the terminal, Ctrl-C left to the
  // program), the program gets the terminal, then the TUI comes back.
  async function handOver<T>(note: string, run: () => Promise<T>): Promise<T> {
    store.flush();
    await unmount();
    if (handleSignals) {
      process.off('SIGINT', onSigint);
      process.on('SIGINT', ignoreSigint);
    }
    if (stdin.isTTY) stdin.setRawMode?.(false);
    const readAgain = stopReading(stdin);
    stdout.write(`\n── ${note} ──\n`);
    try {
      return await run();
    } finally {
      if (handleSignals) {
        process.off('SIGINT', ignoreSigint);
        process.on('SIGINT', onSigint);
      }
      readAgain();
      mount();
    }
  }

  /** `interactive: true` steps get the real terminal. */
  const withTerminal = <T,>(run: () => Promise<T>): Promise<T> => handOver('The step has the terminal; the runbook comes back when it exits', run);

  /** Ctrl-O in the command editor: the command in $VISUAL / $EDITOR (a private temporary file, removed after). */
  async function editInEditor(text: string): Promise<void> {
    const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
    const dir = mkdtempSync(join(tmpdir(), 'runbook-edit-'));
    const file = join(dir, 'command.sh');
    try {
      writeFileSync(file, `${text}\n`, { mode: 0o600 });
      const edited = await handOver(`Editing the command in ${editor}; the runbook comes back when it exits`, () =>
        new Promise<string | undefined>((resolve) => {
          // As git does: the editor setting is a shell word list; the file is passed as an argument.
          const child = spawn('sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
          child.on('error', () => resolve(undefined));
          child.on('exit', (code) => resolve(code === 0 ? readFileSync(file, 'utf8') : undefined));
        }),
      );
      if (edited !== undefined) store.dispatch({ type: 'edited-text', text: edited.replace(/\n+$/, '') });
      else store.dispatch({ type: 'message', message: { kind: 'warning', text: `${editor} did not finish well: the command is unchanged.` } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  operator = createTuiOperator(store, { mask: options.mask, resumeAt: options.resumeAt, withTerminal });
  mount();

  let outcome: string | undefined;
  let failure: unknown;
  const LEFT = Symbol('left');
  const forced = left.then(() => new Promise<typeof LEFT>((resolve) => setTimeout(() => resolve(LEFT), LEAVE_GRACE_MS).unref()));
  const iterator = options.start(operator, controls)[Symbol.asyncIterator]();
  let lastYield = Date.now();
  try {
    for (;;) {
      const next = iterator.next();
      // Once the TUI stops listening, a late failure of this read must not go unhandled.
      next.catch(() => undefined);
      const result = await Promise.race([next, forced]);
      if (result === LEFT) {
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
        break;
      }
      if (result.done) break;
      const event = result.value;
      if (event.type === 'output') {
        store.output(event.stepId, event.text);
        if (keptOutput < MAX_KEPT_OUTPUT_CHARS) {
          keptOutput += event.text.length;
          events.push(event);
        }
      } else {
        store.flush();
        events.push(event);
        store.dispatch({ type: 'event', event });
        if (event.type === 'run-finished') outcome = event.outcome;
      }
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    }
  } catch (error) {
    failure = error;
  } finally {
    store.flush();
    if (handleSignals) process.off('SIGINT', onSigint);
  }

  if (outcome === undefined) {
    const aborted = leaving || (failure instanceof Error && failure.name === 'AbortError');
    outcome = aborted ? 'aborted' : 'failed';
    const message = aborted ? 'the operator left; `runbook resume` continues the run' : failure instanceof Error ? failure.message : undefined;
    const event: RunEvent = { type: 'run-finished', time: new Date().toISOString(), outcome, ...(message ? { message } : {}) };
    events.push(event);
    store.dispatch({ type: 'event', event });
    if (aborted) failure = undefined;
  }

  // Let the final frame reach the screen, then leave it there.
  await new Promise((resolve) => setTimeout(resolve, 40));
  await unmount();
  if (stdin.isTTY) stdin.setRawMode?.(false);
  stopReading(stdin);
  const state = store.getState();
  store.close();

  const debrief = options.debrief?.(events);
  if (debrief) stdout.write(`\n${debrief}\n`);
  stdout.write(`${summaryLine(state, outcome)}\n`);
  if (failure !== undefined) throw failure;
  return { outcome, events };
}

/** `outcome: resolved · 4 passed, 0 failed, 1 skipped · 3m12s` (and how to resume when the run was left). */
export function summaryLine(state: TuiState, outcome: string): string {
  const count = (status: string): number => state.steps.filter((step) => step.state === status).length;
  const parts = [`${count('passed')} passed`, `${count('failed')} failed`];
  if (count('skipped') > 0) parts.push(`${count('skipped')} skipped`);
  const elapsed = state.startedAt !== undefined && state.finishedAt !== undefined ? ` · ${formatCompactDuration(state.finishedAt - state.startedAt)}` : '';
  const resume = outcome === 'aborted' && state.runId ? ` · resume: runbook resume ${state.runId}` : '';
  return `outcome: ${outcome} · ${parts.join(', ')}${elapsed}${resume}`;
}

type TtyHandle = { reading?: boolean; readStart?: () => number; readStop?: () => number };

/**
 * Stops reading the terminal. `pause()` alone leaves the tty handle reading into the stream's
 * buffer, which would steal the keys typed to an interactive command. Returns how to start again
 * (the stream may think a read is still under way, so Ink alone would never read again).
 */
function stopReading(stdin: NodeJS.ReadStream): () => void {
  stdin.pause();
  const handle = (stdin as unknown as { _handle?: TtyHandle })._handle;
  if (!handle?.reading || typeof handle.readStop !== 'function' || typeof handle.readStart !== 'function') return () => {};
  handle.reading = false;
  handle.readStop();
  return () => {
    if (handle.reading) return;
    handle.reading = true;
    handle.readStart!();
  };
}
