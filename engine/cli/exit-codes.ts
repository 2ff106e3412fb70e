/** Exit codes, SPEC §4. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID = 2;
export const EXIT_INTERRUPTED = 130;

/** 0 for `completed`/`resolved`, 130 for `aborted`, 1 for any other outcome. */
export function exitCodeForOutcome(outcome: string): number {
  if (outcome === 'completed' || outcome === 'resolved') return EXIT_OK;
  if (outcome === 'aborted') return EXIT_INTERRUPTED;
  return EXIT_FAILED;
}
