import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent, WorldSnapshot } from '../contracts/run-event.js';
import type { Executor } from '../contracts/run-seams.js';
import { findScenario } from '../rehearse/find-scenario.js';
import { loadScenario } from '../rehearse/load-scenario.js';
import { createRehearsalExecutor } from '../rehearse/rehearsal-executor.js';
import { createCoach } from '../rehearse/create-coach.js';
import { debrief, renderDebrief, type Debrief } from '../rehearse/debrief.js';
import { printMessages } from './print-messages.js';
import { CliError } from './cli-error.js';

/** Everything a run needs to happen inside a scenario's simulated world. */
export interface Rehearsal {
  path: string;
  executor: Executor;
  hints: (elapsedMs: number) => string[];
  /** Answers the scenario records for its `ask` steps (flags override them). */
  answers: Record<string, string>;
  /** Inputs the scenario records (flags override them). */
  inputs: Record<string, string>;
  debrief(events: RunEvent[]): Debrief;
  renderDebrief(events: RunEvent[], options: { color: boolean }): string;
  /** The simulated world now. */
  world(): WorldSnapshot;
}

/** Finds, loads and checks the scenario; undefined (messages printed) when it is invalid. */
export async function prepareRehearsal(runbookPath: string, ref: string, graph: StepGraph, noColor: boolean, world?: WorldSnapshot): Promise<Rehearsal | undefined> {
  let path: string;
  try {
    path = findScenario(runbookPath, ref);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const loaded = await loadScenario(path, { graph });
  if (loaded.file.messages.length > 0) printMessages([loaded.file], { noColor });
  if (!loaded.ok || !loaded.scenario) return undefined;
  const scenario = loaded.scenario;
  const executor = await createRehearsalExecutor(scenario, { scenarioPath: path, ...(world ? { world } : {}) });
  const coach = createCoach(scenario);
  return {
    path,
    executor,
    hints: (elapsedMs) => coach.hints(elapsedMs),
    answers: { ...scenario.answers },
    inputs: { ...scenario.inputs },
    world: () => executor.world.snapshot(),
    debrief: (events) => debrief(scenario, events, graph),
    renderDebrief: (events, options) => renderDebrief(debrief(scenario, events, graph), options),
  };
}
