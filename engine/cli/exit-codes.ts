/** Exit codes, SPEC §4. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID = 2;
export const EXIT_INTERRUPTED = 130;

/**
 * 0 for `completed`/`resolved`, 130 for a run the operator or a signal ended (`interrupted`), 1
 * for any other outcome: an author's `end: aborted` is the runbook's outcome, not an interruption.
 */
export function exitCodeForOutcome(outcome: string, interrupted = false): number {
  if (interrupted) return EXIT_INTERRUPTED;
  if (outcome === 'completed' || outcome === 'resolved') return EXIT_OK;
  return EXIT_FAILED;
}
