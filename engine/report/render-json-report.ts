import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent } from '../contracts/run-event.js';
import { createMasker } from '../run/create-masker.js';
import { summarizeRun } from '../run/summarize-run.js';
import { runTimes } from './run-times.js';

/**
 * The run as JSON: the summary `run --json` prints (SPEC §4) plus every journaled event, for
 * tools. `runs` lists the run ids of the incident, oldest first.
 */
export function renderJsonReport(events: RunEvent[], options: { graph?: StepGraph; runs?: string[]; rehearsal?: unknown } = {}): string {
  const nonOutput = events.filter((event) => event.type !== 'output');
  const report: Record<string, unknown> = { ...summarizeRun(nonOutput, options.graph) };
  if (options.runs) report.runs = options.runs;
  // Step time and the time the run was stopped (between a stop and its resume), apart.
  report.time = runTimes(events);
  if (options.rehearsal !== undefined) report.rehearsal = options.rehearsal;
  report.events = events;
  return createMasker().mask(JSON.stringify(report, null, 2)) + '\n';
}
