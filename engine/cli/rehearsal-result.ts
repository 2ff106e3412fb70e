import type { RunEvent } from '../contracts/run-event.js';
import type { Debrief } from '../contracts/debrief.js';
import { routeOf } from '../rehearse/expected-route.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from './exit-codes.js';
import type { Rehearsal } from './prepare-rehearsal.js';

/**
 * The debrief of a drill: every run of it (`earlier`: the runs before a resume), against the
 * scenario's expected route. An unattended drill that took only the scenario's own answers and
 * inputs is that route (the same world, the same answers); any other is compared with a dry
 * rehearsal of it.
 */
export async function debriefDrill(rehearsal: Rehearsal, events: RunEvent[], options: { earlier?: RunEvent[]; ownAnswersOnly: boolean }): Promise<Debrief> {
  const all = [...(options.earlier ?? []), ...events];
  const route = options.ownAnswersOnly && !options.earlier?.length ? routeOf(all) : await rehearsal.expectedRoute().catch(() => undefined);
  return rehearsal.debrief(all, route);
}

/** A drill exits 0 when its goal is reached and 1 when it is not, whatever the outcome word (130 when interrupted). */
export function drillExitCode(debriefed: Debrief, code: number): number {
  if (code === EXIT_INTERRUPTED && debriefed.outcome === 'aborted') return code;
  return debriefed.goalReached ? EXIT_OK : EXIT_FAILED;
}

/** The summary line's start for a drill: the goal first. */
export function drillVerdict(debriefed: Debrief): string {
  return debriefed.goalReached ? 'goal reached' : 'goal missed';
}
