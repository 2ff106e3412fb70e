import type { RunEvent, Mode } from '../contracts/run-event.js';
import type { AfterFailure, BeforeStep } from '../contracts/run-seams.js';
import type { InputSpec } from '../contracts/step-graph.js';

/** How a step looks in the outline. */
/**
 * How a step looks in the outline: one symbol and one word each. `handled`: it failed and a branch
 * handled it; `not-taken`: a branch or go-to jumped over it; `interrupted`: it was running when the
 * run stopped; `not-reached`: the run ended before it.
 */
export type StepState = 'pending' | 'running' | 'passed' | 'failed' | 'handled' | 'skipped' | 'not-taken' | 'interrupted' | 'not-reached';

export type StepFinished = Extract<RunEvent, { type: 'step-finished' }>;

export interface StepView {
  id: string;
  title: string;
  section: string;
  sectionTitle: string;
  /** Lifted from prose (`--lift`): marked `≈` in the step list. */
  lifted?: boolean;
  state: StepState;
  /** Command as run, edit flag and timing of the latest visit. */
  command?: string;
  edited?: boolean;
  attempt: number;
  startedAt?: number;
  finished?: StepFinished;
}

/** A one-line text field with a cursor (inputs, confirmation phrases, notes, edits, the picker filter). */
export interface TextField {
  text: string;
  cursor: number;
}

/** What the runner is waiting for; answered by key actions. `id` pairs the answer with the waiting promise. */
export type Prompt =
  /** `choices`: a pick list (`selected`); `error`: why the last answer was refused. */
  | { kind: 'input'; id: number; stepId: string; name: string; secret: boolean; description?: string; context?: string; example?: string; integer?: boolean; choices?: string[]; selected: number; field: TextField; error?: string }
  | { kind: 'before-step'; id: number; stepId: string; command: string; resumed: boolean; phrase?: string }
  /** `run`: the before-step answer given once the phrase is typed (a DANGER step asked before it runs). */
  | { kind: 'confirm'; id: number; stepId: string; phrase: string; field: TextField; error?: string; run?: BeforeStep }
  /** A DANGER step not confirmed: skip it, go to another, or stop the run. */
  | { kind: 'refused'; id: number; stepId: string; selected: number }
  | { kind: 'ask'; id: number; stepId: string; question: string; choices: string[]; selected: number }
  | { kind: 'manual'; id: number; stepId: string; text: string; selected: number }
  | { kind: 'after-failure'; id: number; stepId: string; selected: number }
  | { kind: 'override-branch'; id: number; stepId: string; chosen: string | null; reason: string };

/** A prompt as the operator opens it (the reducer adds the field and selection). */
export type PromptRequest =
  /** `context`: the placeholder as written and the step that needs it. */
  | { kind: 'input'; id: number; stepId: string; name: string; secret: boolean; description?: string; context?: string; example?: string; integer?: boolean; choices?: string[]; error?: string }
  | { kind: 'before-step'; id: number; stepId: string; command: string; resumed?: boolean; phrase?: string }
  | { kind: 'confirm'; id: number; stepId: string; phrase: string }
  | { kind: 'ask'; id: number; stepId: string; question: string; choices: string[] }
  | { kind: 'manual'; id: number; stepId: string; text: string }
  | { kind: 'after-failure'; id: number; stepId: string }
  | { kind: 'override-branch'; id: number; stepId: string; chosen: string | null; reason: string };

/** Screens laid over the run: help, the step picker, a note or the command editor. */
export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'goto'; filter: TextField; selected: number }
  | { kind: 'note'; field: TextField }
  | { kind: 'edit'; field: TextField }
  /** The focused step whole (`step`) or all of the output (`output`), full-screen, scrolled `scroll` rows. */
  | { kind: 'reader'; what: 'step' | 'output'; scroll: number }
  /** Every input (`i`): `selected` is highlighted; `edit` changes it (typed, or picked from its choices). */
  | { kind: 'inputs'; selected: number; edit?: InputEdit; error?: string }
  /** The outline full-screen (at any width). */
  | { kind: 'outline' };

/** A new value being typed (or picked) for an input in the inputs panel. */
export interface InputEdit {
  name: string;
  field: TextField;
  secret: boolean;
  choices?: string[];
  /** The choice highlighted (a pick list). */
  selected: number;
}

/** Answers the prompts take. */
export type Answer = string | boolean | BeforeStep | AfterFailure | null;

/** Side effects the reducer asks for; the store performs them. */
export type Effect =
  | { kind: 'answer'; promptId: number; value: Answer }
  | { kind: 'cancel-step' }
  | { kind: 'note'; text: string; stepId?: string }
  /** Edit this text in the operator's editor; the result comes back as an `edited-text` action. */
  | { kind: 'open-editor'; text: string }
  /** The operator's keys to the step running in a terminal. */
  | { kind: 'type'; data: string }
  /** All of the output in `$PAGER` (the built-in reader when there is none). */
  | { kind: 'page-output' }
  /** The operator changed an input in the inputs panel (the runner checks it; used from the next step on). */
  | { kind: 'change-input'; name: string; value: string }
  | { kind: 'quit' };

export interface Scrollback {
  /** Complete lines, oldest first, at most `maxLines`. */
  lines: string[];
  /** The line being written (no newline yet). */
  partial: string;
  /** Lines dropped off the top since the run started. */
  dropped: number;
  maxLines: number;
}

export interface PtyView {
  stepId: string;
  /** The terminal's rows in use (the lines above them are in the scrollback). */
  live: string[];
  /** Keys go to the step (Ctrl-] gives them back). */
  typing: boolean;
}

export interface Message {
  kind: 'hint' | 'warning' | 'note' | 'info' | 'error';
  text: string;
}

export interface TuiState {
  title: string;
  file: string;
  mode: Mode;
  scenario?: string;
  /** A rehearsal's time scale (`--time-scale N`): scenario time runs N times faster. */
  timeScale?: number;
  runId?: string;
  /** Epoch ms of `run-started`. */
  startedAt?: number;
  finishedAt?: number;
  outcome?: string;
  finishMessage?: string;
  steps: StepView[];
  /** The step running or last started. */
  currentStepId?: string;
  /** The step that finished last (its results stay on screen). */
  lastFinishedId?: string;
  running: boolean;
  prompt?: Prompt;
  overlay: Overlay;
  scrollback: Scrollback;
  /** Lines scrolled up from the bottom (0 follows the output). */
  scroll: number;
  /** Rows of the output pane (scrolling stops when the first line is at the top). */
  outputRows: number;
  /** The step running in a terminal of its own: its screen's rows, and whether keys go to it. */
  pty?: PtyView;
  /** The runbook's inputs: declared ones, and a bare spec for every other name a step uses. */
  inputSpecs: Record<string, InputSpec>;
  /** Where inputs given at the start come from (`--input`, the scenario, the alert), by name. */
  inputSources: Record<string, string>;
  /** Inputs known so far: given when the run started, typed, or a declared default used. */
  inputs: Record<string, { value?: string; secret: boolean; source: string }>;
  /** Latest hints, warnings, notes, most recent last. */
  messages: Message[];
  /** A first Ctrl-C was pressed; a second one leaves. */
  interruptArmed: boolean;
  cancelRequested: boolean;
  quitting: boolean;
  /** Effects not yet performed by the store. */
  effects: Effect[];
}

/** Keys as Ink reports them (the subset the TUI uses). */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

export type TuiAction =
  | { type: 'event'; event: RunEvent }
  /** Output events of one frame, merged (the store batches them). */
  | { type: 'output'; stepId: string; text: string }
  | { type: 'key'; input: string; key: KeyInfo }
  /** Ctrl-C (a key in raw mode, or SIGINT). */
  | { type: 'interrupt' }
  | { type: 'open-prompt'; prompt: PromptRequest }
  | { type: 'message'; message: Message }
  /** The command as the editor left it. */
  | { type: 'edited-text'; text: string }
  | { type: 'effects-done' }
  /** A step started in a terminal of its own. */
  | { type: 'pty-started'; stepId: string }
  /** A frame of a pty step's screen: lines scrolled up (final) and the rows in use (live). */
  | { type: 'screen'; stepId: string; final: string[]; live: string[]; ended: boolean }
  /** A pty step printed an unfinished line and went quiet: it waits for input. */
  | { type: 'pty-waiting'; stepId: string }
  /** Input as it came from the terminal (while keys go to a step). */
  | { type: 'raw-input'; data: string }
  /** The output pane's height. */
  | { type: 'viewport'; outputRows: number; readerMax?: number }
  /** The runner's answer to a `change-input`: undefined problem when it took the change. */
  | { type: 'input-change'; name: string; problem?: string }
  /** An overlay opened from outside the reducer (the built-in reader when there is no pager). */
  | { type: 'overlay'; overlay: Overlay };
