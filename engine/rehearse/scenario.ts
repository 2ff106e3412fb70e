import type { Position } from 'unist';

/**
 * A loaded scenario (SPEC §3): the simulated world a runbook is rehearsed in.
 * Built by `loadScenario` from a `*.scenario.yaml` file; durations are in milliseconds,
 * the state is always an object of named variables (`state: broken` is `{ state: 'broken' }`).
 */
export interface Scenario {
  /** `scenario:`, the name. */
  name: string;
  /** The scenario file, as given. */
  path: string;
  /** `runbook:`, resolved against the scenario's folder. */
  runbook?: string;
  summary?: string;
  /** Initial state variables. */
  state: Record<string, string>;
  rules: Rule[];
  /** Tools that run for real. */
  passthrough: string[];
  goal?: Goal;
  /** Sorted by `afterMs`. */
  hints: Hint[];
  /** Input values for rehearsals (`--input` overrides them). */
  inputs: Record<string, string>;
  /** Answers for `ask` steps in unattended rehearsals: step id → choice label. */
  answers: Record<string, string>;
  /** `decisions:`: what the operator decides at a step, in order (`operator-decisions.ts`); unattended rehearsals follow them. */
  decisions?: Record<string, string[]>;
}

export interface Rule {
  /** Index in `commands:`. */
  index: number;
  /** The glob as written. */
  run: string;
  /** The compiled glob (anchored). */
  pattern: RegExp;
  /** variable → accepted values; empty when the rule has no `when`. */
  when: Record<string, string[]>;
  set: Record<string, string>;
  stdout: string;
  stderr: string;
  exit: number;
  delayMs: number;
  /** Answer only the first N matches. */
  times?: number;
  position?: Position;
}

export interface Goal {
  reach?: string;
  outcome?: string;
  withinMs?: number;
}

export interface Hint {
  afterMs: number;
  text: string;
}
