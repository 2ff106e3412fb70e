import type { Step, StepGraph } from './step-graph.js';
import type { Mode, ShellState, StepResult } from './run-event.js';

/**
 * Runs one command. The live executor runs real bash; the rehearsal executor answers
 * from a scenario. Output is streamed through `onOutput` as it comes.
 */
export interface Executor {
  exec(request: ExecRequest): Promise<ExecResponse>;
  /** Gets ready for a first command in the environment a run starts with (bash starts meanwhile). */
  prepare?(): void;
  /** Release resources (sockets, temp dirs). */
  close?(): Promise<void>;
}

export interface ExecRequest {
  step: Step;
  /** The command text to run (placeholders already replaced by `"${NAME}"` references). */
  command: string;
  /** Environment for the command: shell state env + inputs + captures. */
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  /** Hand the real terminal to the command. */
  interactive: boolean;
  /** Returning `false` says no more live output is wanted on that stream (it is still retained, bounded). */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void | boolean;
  /** Aborting cancels the command and kills its whole process tree. */
  signal?: AbortSignal;
  /**
   * Called once, synchronously, right before the command may start: the journal syncs here.
   * An executor may prepare the command first (so the preparation overlaps the sync) but must
   * call it before the command runs, and must not run it if `signal` is aborted afterwards.
   */
  ready?: () => void;
}

export interface ExecResponse extends StepResult {
  /** Shell state after the command (exports and cd); unchanged if the shell did not exit normally. */
  state: ShellState;
}

/** What the operator decides before a step runs. */
export type BeforeStep =
  | { action: 'run'; command?: string }
  | { action: 'skip' }
  | { action: 'goto'; stepId: string }
  | { action: 'quit' };

/** What the operator decides after a step failed. */
export type AfterFailure =
  | { action: 'retry' }
  | { action: 'skip' }
  | { action: 'goto'; stepId: string }
  | { action: 'stop' };

/** What the operator is asked for an input: a pick list when `choices` are given; `problem` says why the last answer was refused. */
export interface InputRequest {
  secret: boolean;
  description?: string;
  stepId: string;
  type?: 'integer' | 'string';
  choices?: string[];
  problem?: string;
}

/**
 * The operator: the TUI asks a person; the unattended operator answers from flags
 * (`--yes`, `--input`, `--answer`) and refuses what it cannot answer.
 * Every method may return a rejected promise to abort the run.
 */
export interface Operator {
  /** Who decides: `unattended` answers from flags (choices are then recorded with `by: 'flag'`). Default: a person. */
  readonly kind?: 'person' | 'unattended';
  /** A missing input (returns its value). */
  input(name: string, spec: InputRequest): Promise<string>;
  /** Before each command step (edit, skip, go to). Unattended: run. */
  beforeStep?(step: Step, command: string): Promise<BeforeStep>;
  /** A dangerous step: true when the operator typed the phrase. */
  confirm(step: Step, phrase: string): Promise<boolean>;
  /** An `ask` step: returns the label of the choice. */
  ask(step: Step): Promise<string>;
  /** A `manual` step: true when done. */
  manual(step: Step): Promise<boolean>;
  /** After a failed step with `on-failure: stop`. Unattended: stop. */
  afterFailure?(step: Step, result: StepResult): Promise<AfterFailure>;
  /** The branch chosen automatically; the operator may pick another target (a step id). */
  overrideBranch?(step: Step, chosen: string | null, reason: string): Promise<string | null>;
  /** Wraps running an `interactive: true` command: the TUI suspends itself, hands over the terminal, comes back. */
  withTerminal?<T>(run: () => Promise<T>): Promise<T>;
}

/**
 * Replaces secret values (and token shapes) by `••••••`. One per run, shared by the runner (which
 * teaches it the secrets it meets: typed inputs, captures, exports), the journal and the screen.
 */
export interface Masker {
  mask(text: string): string;
  /** Adds secret values (e.g. a secret input typed by the operator, a secret capture). */
  add(values: Iterable<string>): void;
  /** True when `text` holds something that would be masked. */
  hasSecret(text: string): boolean;
  /** How many characters at the end of `text` could be the start of a secret value. */
  partialSecretLength(text: string): number;
}

/** Handles the runner fills in so a UI can act on the run while it goes on. */
export interface RunControls {
  /** Stop the running step's whole process tree (not the run). Set by the runner. */
  cancelStep?: () => void;
  /** Record an operator note (a `note` event in the run's stream and journal). Set by the runner. */
  note?: (text: string, stepId?: string) => void;
  /**
   * Change an input from the next step on (an `input` event, `source: 'changed'`); returns why
   * the change is refused (a name the shell treats as code, a value outside `type`/`choices`).
   */
  changeInput?: (name: string, value: string) => string | undefined;
}

/** Where a run starts and what it knows (fresh, or resumed from a journal). */
export interface RunStart {
  stepId?: string;
  state?: ShellState;
  /** Captured and input values (including secrets, held in memory only). */
  vars?: Record<string, string>;
  visits?: Record<string, number>;
  path?: string[];
}

export interface RunOptions {
  graph: StepGraph;
  runId: string;
  sha256: string;
  mode: Mode;
  scenario?: string;
  /** A rehearsal's time scale (journaled in `run-started` when not 1). */
  timeScale?: number;
  executor: Executor;
  operator: Operator;
  /** Inputs from `--input` and defaults. */
  inputs: Record<string, string>;
  /**
   * Names whose values are secret, besides those the graph declares and those whose name says
   * secret (`*TOKEN*`, `*_KEY`…: `graph/secret-names.ts`).
   */
  secretNames?: string[];
  /**
   * The run's masker (the session shares it with the journal and the screen); the runner adds
   * every secret it meets. Default: a new one.
   */
  masker?: Masker;
  start?: RunStart;
  resumedFrom?: string;
  /** Aborting stops the run (outcome `aborted`). */
  signal?: AbortSignal;
  /** Base environment; default process.env. */
  env?: Record<string, string>;
  cwd?: string;
  /** Rehearsal coaching: given the elapsed time, the hint texts newly due (emitted as `hint` events). */
  hints?: (elapsedMs: number) => string[];
  controls?: RunControls;
  /**
   * Called right before each command starts (`ExecRequest.ready`), after the events before it
   * were handled: the CLI syncs the journal here. To refuse, abort `signal` instead of throwing.
   */
  beforeCommand?: () => void;
}

/**
 * Variables the runner sets for each command (the run and step ids; a traced step's trace
 * context): bookkeeping, not part of the shell state a step leaves, and no reason for a shell
 * started ahead in the operator's environment to give way to one started in the run's.
 */
export const PER_COMMAND_VARIABLES: ReadonlySet<string> = new Set(['RUNBOOK_RUN_ID', 'RUNBOOK_STEP_ID', 'TRACEPARENT', 'TRACESTATE']);
