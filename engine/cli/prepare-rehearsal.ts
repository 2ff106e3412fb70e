import { homedir } from 'node:os';
import type { StepGraph } from '../contracts/step-graph.js';
import type { RunEvent, WorldSnapshot } from '../contracts/run-event.js';
import type { Executor } from '../contracts/run-seams.js';
import type { Debrief, ExpectedRoute } from '../contracts/debrief.js';
import { findScenario } from '../rehearse/find-scenario.js';
import { loadScenario } from '../rehearse/load-scenario.js';
import { RehearsalUnavailable } from '../rehearse/detect-sandbox.js';
import { createRehearsalExecutor } from '../rehearse/rehearsal-executor.js';
import { createCoach } from '../rehearse/create-coach.js';
import { debrief } from '../rehearse/debrief.js';
import { expectedRoute } from '../rehearse/expected-route.js';
import { scaleGraph } from '../rehearse/scale-graph.js';
import { renderDebrief } from '../report/render-debrief.js';
import { printMessages } from './print-messages.js';
import { CliError } from './cli-error.js';
import { EXIT_FAILED } from './exit-codes.js';

/** Everything a run needs to happen inside a scenario's simulated world. */
export interface Rehearsal {
  path: string;
  executor: Executor;
  /** The runbook's graph with retry delays divided by the time scale. */
  graph: StepGraph;
  timeScale: number;
  /** The environment steps start from: a clean one (the operator's own never reaches a drill), the scenario's inputs added by the run. */
  env: Record<string, string>;
  /** Given the real time elapsed, the hints due (their `after` is scenario time). */
  hints: (elapsedMs: number) => string[];
  /** Answers the scenario records for its `ask` steps (flags override them). */
  answers: Record<string, string>;
  /** Inputs the scenario records (flags override them). */
  inputs: Record<string, string>;
  /** The operator's decisions the scenario records (`decisions:`), which an unattended drill follows. */
  decisions: Record<string, string[]>;
  /** The scenario's expected route (a dry rehearsal with its own answers and inputs; worked out once). */
  expectedRoute(): Promise<ExpectedRoute>;
  debrief(events: RunEvent[], route: ExpectedRoute | undefined): Debrief;
  renderDebrief(debriefed: Debrief, options: { color: boolean }): string;
  /** The simulated world now. */
  world(): WorldSnapshot;
}

export interface PrepareOptions {
  noColor: boolean;
  /** A resumed rehearsal's world. */
  world?: WorldSnapshot;
  /** `--time-scale N` / `--fast`. */
  timeScale?: number;
}

/** Finds, loads and checks the scenario; undefined (messages printed) when it is invalid. */
export async function prepareRehearsal(runbookPath: string, ref: string, graph: StepGraph, options: PrepareOptions): Promise<Rehearsal | undefined> {
  let path: string;
  try {
    path = findScenario(runbookPath, ref);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const loaded = await loadScenario(path, { graph });
  if (loaded.file.messages.length > 0) printMessages([loaded.file], { noColor: options.noColor });
  if (!loaded.ok || !loaded.scenario) return undefined;
  const scenario = loaded.scenario;
  const timeScale = options.timeScale ?? 1;
  let executor: Awaited<ReturnType<typeof createRehearsalExecutor>>;
  try {
    executor = await createRehearsalExecutor(scenario, { scenarioPath: path, timeScale, ...(options.world ? { world: options.world } : {}) });
  } catch (error) {
    // Nothing ran; anything else is a bug, reported as one.
    if (error instanceof RehearsalUnavailable) throw new CliError(error.message, EXIT_FAILED);
    throw error;
  }
  const coach = createCoach(scenario);
  const env = rehearsalEnv();
  let route: Promise<ExpectedRoute> | undefined;
  return {
    path,
    executor,
    graph: scaleGraph(graph, timeScale),
    timeScale,
    env,
    hints: (elapsedMs) => coach.hints(elapsedMs * timeScale),
    answers: { ...scenario.answers },
    inputs: { ...scenario.inputs },
    decisions: { ...scenario.decisions },
    world: () => executor.world.snapshot(),
    expectedRoute: () => (route ??= expectedRoute(scenario, graph, { env })),
    debrief: (events, expected) => debrief(scenario, events, graph, { ...(expected ? { route: expected } : {}), timeScale }),
    renderDebrief: (debriefed, render) => renderDebrief(debriefed, render),
  };
}

/** What a drill's steps start from: nothing of the operator's environment but the locale and terminal type. */
export function rehearsalEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: homedir(), LANG: process.env.LANG ?? 'C.UTF-8' };
  for (const name of ['LC_ALL', 'LC_CTYPE', 'TERM', 'TZ']) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  return env;
}
