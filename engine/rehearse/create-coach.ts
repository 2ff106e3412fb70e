import type { Scenario } from './scenario.js';

export interface Coach {
  /** The hint texts due at `elapsedMs` that were not given yet (each hint is given once). */
  hints(elapsedMs: number): string[];
}

/** Rehearsal coaching: the scenario's `hints`, each shown once its `after` has passed. */
export function createCoach(scenario: Scenario): Coach {
  let given = 0;
  return {
    hints(elapsedMs) {
      const due: string[] = [];
      while (given < scenario.hints.length && scenario.hints[given]!.afterMs <= elapsedMs) {
        due.push(scenario.hints[given]!.text);
        given += 1;
      }
      return due;
    },
  };
}
