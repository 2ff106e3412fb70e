/**
 * A rehearsal's debrief (`rehearse/debrief.ts` makes it, `report/render-debrief.ts` prints it):
 * the trainee's drill against the scenario's expected route.
 */

/** One step visit of a route, and where the route went from it. */
export interface RouteVisit {
  stepId: string;
  /** The next step, or `end:OUTCOME` when the route ends after it. */
  next: string;
  status?: 'passed' | 'failed' | 'skipped' | string;
  /** The step's message (why it was skipped or failed). */
  message?: string;
  /** An answer, an operator's branch, or a decision after a failure (`retry`, `skip`, `goto`, `stop`). */
  choice?: string;
  by?: 'operator' | 'flag' | 'auto';
  /** Why the route went on the way it did (a branch's reason). */
  why?: string;
  /** The operator edited the command. */
  edited?: boolean;
}

export interface ExpectedRoute {
  visits: RouteVisit[];
  outcome: string | null;
  /** Why the route stopped, when it did not end cleanly (a refused command, a missing answer). */
  message?: string;
}

export interface WrongTurn {
  /** The step where the trainee left the expected route. */
  stepId: string;
  /** What kind of deviation it was. */
  kind: 'skipped' | 'jumped' | 'answered' | 'overrode' | 'not-done' | 'after-failure' | 'edited' | 'not-confirmed' | 'moved-on';
  /** The trainee's answer or choice, when there was one. */
  choice?: string;
  /** Who decided: the operator, a flag or the scenario's answer, or the step's own branch. */
  by: 'operator' | 'flag' | 'auto';
  /** Where the trainee went: a step id, or `end:OUTCOME`. */
  wentTo: string;
  /** Where the expected route went from that step. */
  expected: string;
  /** The expected route's answer at that step, when it is an `ask`. */
  expectedChoice?: string;
  message: string;
}

export interface Debrief {
  scenario: string;
  summary?: string;
  goal?: { reach?: string; outcome?: string; withinMs?: number };
  /** The goal step was reached (when there is one) and the drill ended with the goal outcome (when there is one). */
  goalReached: boolean;
  outcome: string | null;
  /** Step ids in the order they ran (retries not repeated; skipped steps not listed). */
  path: string[];
  /** The scenario's expected route (step ids), when it was worked out. */
  expectedPath?: string[];
  /** The answers the expected route gives (`answers:` of the scenario): step id → choice. */
  expectedAnswers?: Record<string, string>;
  /** Step visits of the drill that followed the expected route, and the route's length. */
  stepsOnRoute: number;
  routeLength: number;
  wrongTurns: WrongTurn[];
  /** Time per step visit, from the end of the one before (so reading and deciding count), in scenario time. */
  timePerStep: { id: string; durationMs: number }[];
  hintsShown: string[];
  /** The drill's length in scenario time (real time × the time scale; the gaps between resumed runs left out). */
  elapsedMs: number;
  /** Scenario time from the start to the goal step's end, when the goal was reached. */
  timeToGoalMs?: number;
  /** Scenario time per real time (`--time-scale`); 1 when the drill ran in real time. */
  timeScale: number;
  /** Whether the goal was reached within `goal.within` (undefined without one). */
  withinTime?: boolean;
}
