// Placeholder: the shared run driver used by `run` and `resume` (written by the lead).
import type { StepGraph } from '../graph/types.js';
import type { Mode } from '../run/events.js';
import type { RunStart } from '../run/types.js';

export interface ExecuteRunOptions {
  runbookPath: string;
  graph: StepGraph;
  sha256: string;
  mode: Mode;
  /** Scenario file, for rehearsals. */
  scenarioPath?: string;
  inputs: Record<string, string>;
  answers: Record<string, string>;
  /** Unattended (`--yes`, or no TTY). */
  yes: boolean;
  json: boolean;
  journalDir: string;
  noColor: boolean;
  start?: RunStart;
  resumedFrom?: string;
}

/** Runs the graph (TUI or unattended), journals it, prints the result; returns the exit code. */
export async function executeRun(options: ExecuteRunOptions): Promise<number> {
  void options;
  throw new Error('executeRun: not yet written');
}
