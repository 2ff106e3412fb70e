import type { Position } from 'unist';

/**
 * The step graph: what a runbook means, independent of how it is shown or run.
 * Built by `buildStepGraph` (pure, no I/O) from the parsed document.
 */

/** How text is matched: a substring, a `/regex/flags`, or an output transcript. */
export type TextMatcher =
  | { kind: 'substring'; text: string }
  | { kind: 'regex'; source: string; flags: string }
  | { kind: 'transcript'; transcript: Transcript };

/** Expected output written in the runbook (`console` transcript or `output` fence). */
export interface Transcript {
  /** Expected lines; `[..]` matches any text within a line, a line `...` any number of lines. */
  lines: string[];
  /** Runbook line number of `lines[0]` (for unified diffs with the runbook's line numbers). */
  startLine: number;
  /** Runbook line of each entry of `lines` (a console transcript's outputs need not be contiguous). */
  lineNumbers?: number[];
  position?: Position;
  /**
   * An example (the author's illustration): shown beside the real output, a difference reported
   * but not a failure. False (an assertion) when it uses `[..]` or `...`, or the step says
   * `expect: transcript`. Absent in graphs built before this field: an assertion.
   */
  example?: boolean;
}

export type JsonTest =
  | { op: 'equals'; value: unknown }
  | { op: 'lt' | 'lte' | 'gt' | 'gte'; value: number }
  | { op: 'eq' | 'ne'; value: unknown }
  | { op: 'in'; value: unknown[] }
  | { op: 'regex'; source: string; flags: string };

export type Stream = 'stdout' | 'stderr' | 'output';

/** A compiled condition (SPEC §2 "Conditions"). */
export type Condition =
  | { kind: 'exit'; codes: number[] | 'nonzero' }
  | { kind: 'text'; stream: Stream; match: TextMatcher }
  | { kind: 'json'; path: string; test: JsonTest }
  | { kind: 'var'; name: string; match: TextMatcher }
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] }
  | { kind: 'not'; of: Condition };

/** Where control goes. `#slug` targets are resolved to the first step of that section. */
export type Target =
  | { kind: 'step'; id: string }
  | { kind: 'next' }
  | { kind: 'end'; outcome: string }
  | { kind: 'stop' }
  | { kind: 'continue' };

export interface Capture {
  name: string;
  from: Stream;
  /** Regex source; group 1 if present, else the whole match. */
  regex?: string;
  flags?: string;
  /** JSONPath over stdout. */
  json?: string;
}

export interface Branch {
  when: Condition;
  target: Target;
  /** The target as written, e.g. `crashloop` or `#if-pod-is-running-but-unhealthy`. */
  raw: string;
  position?: Position;
}

export interface Retry {
  attempts: number;
  delayMs: number;
  until?: Condition;
}

export interface Choice {
  label: string;
  target: Target;
  raw: string;
}

export type StepKind = 'command' | 'ask' | 'manual' | 'goto' | 'end';

export interface Step {
  id: string;
  title: string;
  kind: StepKind;
  /** Index in document order. */
  index: number;
  /** Slug of the nearest heading above (the section), '' before any heading. */
  section: string;
  sectionTitle: string;
  /** Depth of that heading (1–6), 0 before any heading. */
  sectionDepth: number;
  /** Markdown of the prose between the section heading (or previous step) and this step. */
  prose: string;
  /** The fence (command steps) or the annotation comment (other steps). */
  position: Position;
  /** The annotation comment, when there is one. */
  annotationPosition?: Position;

  /** Command steps: the shell text as written (placeholders still `<like-this>`). */
  command?: string;
  /** Fence language: bash, sh, shell, zsh, console. */
  lang?: string;
  /** Expected output from a `console` transcript or a following `output` fence. */
  expectedOutput?: Transcript;
  /** `<placeholder>`s and unset `$NAME`s the command uses, as input names. */
  uses: string[];
  /** Variables the command assigns or exports (so later steps do not ask for them). */
  sets: string[];

  timeoutMs: number;
  expect?: Condition;
  capture: Capture[];
  branch: Branch[];
  else?: Target;
  onFailure: Target;
  retry?: Retry;
  /** The phrase the operator must type; `yes` when `confirm: true`. */
  confirm?: string;
  interactive: boolean;
  /** `background: true`: processes the step leaves running outlive it (a port-forward); else they are stopped when it ends. */
  background?: boolean;
  /** `pipefail: false`: a pipeline's status is its last command's (steps run with `set -o pipefail`). */
  pipefail?: boolean;
  secret: string[];
  /** Outcome after this step (`end:` key or an `end` step). */
  end?: string;
  maxVisits: number;

  /** `ask` steps. */
  ask?: { question: string; choices: Choice[] };
  /** `manual` steps. */
  manual?: string;
  /** `goto` steps. */
  goto?: Target;
  /** Lifted from prose (`--lift`, or a document with no shell fence): not written as a step by its author. */
  lifted?: boolean;
}

export interface InputSpec {
  name: string;
  default?: string;
  description?: string;
  /** A value of the kind expected, shown in the prompt (never used as the value). */
  example?: string;
  secret: boolean;
  /** `integer`: the value must be a whole number. Absent: any text. */
  type?: 'integer' | 'string';
  /** The values allowed (as text), offered as a pick list. */
  choices?: string[];
  /** The alert label that fills it (`--alert`), when not the one named like it. */
  fromLabel?: string;
}

export interface DocumentSettings {
  inputs: Record<string, InputSpec>;
  /** Shell used for command steps; default `bash`. */
  shell: string;
  /** Default step timeout. */
  timeoutMs: number;
}

export interface Section {
  slug: string;
  title: string;
  depth: number;
  line: number;
}

export interface StepGraph {
  /** Path of the runbook as given. */
  file: string;
  /** Title: front matter `title`, else the first heading, else the file name. */
  title: string;
  settings: DocumentSettings;
  steps: Step[];
  sections: Section[];
}

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
export const DEFAULT_MAX_VISITS = 3;
