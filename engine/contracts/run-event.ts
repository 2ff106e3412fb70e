/**
 * The run as a stream of events. The runner yields these and contains no console code;
 * the TUI renders them, the journal writes them (one JSON line each), reports read them back.
 * Every event carries `time` (ISO 8601). Secret values never appear in any event.
 */

export type Mode = 'live' | 'rehearsal';

/** A rehearsal's simulated world: its state and how often each rule (by index) has answered. */
export interface WorldSnapshot {
  state: Record<string, string>;
  used: Record<string, number>;
}

export type StepStatus = 'passed' | 'failed' | 'skipped';

/** One evaluated check (an `expect`, a transcript, a `retry.until`, a branch condition). */
export interface CheckResult {
  /** What was checked, e.g. `expect`, `expected output`, `branch 1`. */
  name: string;
  passed: boolean;
  /** Human description of the condition, e.g. `stdout matches /Running/`. */
  expected: string;
  /** What came, e.g. `exit 1`, or a unified diff for transcripts. */
  actual?: string;
  /** The runbook's output was an example (SPEC §2): a difference is shown, and the step does not fail on it. */
  example?: boolean;
}

/** The result of one command, the same shape whether it passed or failed (execa's habit). */
export interface StepResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  isCanceled: boolean;
  /**
   * Stopped because a process of the step waited to read its stdin, which no one writes in an
   * unattended run: that process (`read (pid 12)`).
   */
  waitedForInput?: string;
  durationMs: number;
  /** Retained output (bounded; see `truncated`). */
  stdout: string;
  stderr: string;
  /** Interleaved stdout+stderr, as the operator saw it. */
  output: string;
  truncated: boolean;
}

/** Shell state carried from step to step: exported variables and working directory. */
export interface ShellState {
  env: Record<string, string>;
  cwd: string;
}

/** An Alertmanager alert, as a run records it (`--alert`). */
export interface RunAlert {
  /** `alertname`. */
  name: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** The `runbook_url` annotation. */
  url?: string;
  fingerprint?: string;
  startsAt?: string;
  status?: string;
}

export type RunEvent =
  | {
      type: 'run-started';
      time: string;
      runId: string;
      runbook: string;
      sha256: string;
      title: string;
      mode: Mode;
      scenario?: string;
      /** A rehearsal's `--time-scale` (scenario time per real time), when not 1: a resumed drill keeps it. */
      timeScale?: number;
      /** Non-secret inputs only. */
      inputs: Record<string, string>;
      /** Set when this run continues an earlier one. */
      resumedFrom?: string;
      /** The run walks steps lifted from prose (`--lift`, or a document with no shell fence): `resume` lifts again. */
      lift?: boolean;
      user?: string;
      host?: string;
      /** The alert that started the run (`--alert`): its labels are data like any input. */
      alert?: RunAlert;
    }
  | {
      type: 'step-started';
      time: string;
      stepId: string;
      title: string;
      /** Command as run (after operator edits), secrets masked. */
      command?: string;
      /** The operator edited the command before it ran. */
      edited?: boolean;
      attempt: number;
      visit: number;
    }
  | { type: 'output'; time: string; stepId: string; stream: 'stdout' | 'stderr'; text: string }
  | {
      type: 'step-finished';
      time: string;
      stepId: string;
      status: StepStatus;
      exitCode: number | null;
      signal: string | null;
      timedOut: boolean;
      durationMs: number;
      checks: CheckResult[];
      /** Captured values, secrets masked. */
      captures: Record<string, string>;
      /** The branch taken, with why (`stdout matched /CrashLoopBackOff/`). */
      branch?: { target: string; reason: string };
      /**
       * The step passed only because a branch (or `else`) handled a failing exit: `status` stays
       * `passed` (the run goes on), but it is no success (SPEC §2: "the result was handled").
       */
      handled?: boolean;
      /** The next step id, or null when the run ends after this step. */
      next: string | null;
      /** Why the step was skipped or failed, when there is more to say. */
      message?: string;
      /** Shell state after the step (secret values masked), so a run can resume. */
      state?: ShellState;
      outputTruncated?: boolean;
      /** Rehearsals: the simulated world after the step, so a resumed rehearsal goes on in it. */
      world?: WorldSnapshot;
    }
  /** `changed`: the operator changed it during the run (the TUI's inputs panel); used from the next step on. */
  | { type: 'input'; time: string; name: string; value?: string; secret: boolean; source: 'flag' | 'prompt' | 'default' | 'changed' }
  | { type: 'choice'; time: string; stepId: string; choice: string; target: string; by: 'operator' | 'flag' | 'auto' }
  | { type: 'note'; time: string; stepId?: string; text: string }
  | { type: 'hint'; time: string; text: string }
  | { type: 'warning'; time: string; stepId?: string; message: string }
  | {
      type: 'run-finished';
      time: string;
      outcome: string;
      /** Present when the run stopped with a message (failure, visit limit, abort). */
      message?: string;
      /**
       * The operator or a signal ended the run (Ctrl-C, `q`, a refused confirmation or question),
       * not the runbook: exit 130. An author's `end: aborted` is an outcome like any other (exit 1).
       */
      interrupted?: boolean;
    };

export type RunEventType = RunEvent['type'];
