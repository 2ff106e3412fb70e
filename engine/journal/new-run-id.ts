/**
 * A run id that sorts by start time: `20261122T081500Z-1f2ab3c4d` (UTC to the second; then the
 * milliseconds as three hex digits, so runs started in the same second still sort in order,
 * and six random hex digits so two runs started in the same millisecond do not collide).
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const millis = now.getUTCMilliseconds().toString(16).padStart(3, '0');
  // Math.random, not crypto: the id is not a secret, and loading crypto costs ~25 ms of start-up.
  const random = Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, '0');
  return `${stamp}-${millis}${random}`;
}

/** True for strings shaped like a run id. */
export function isRunId(text: string): boolean {
  return /^\d{8}T\d{6}Z-(?:[0-9a-f]{6}|[0-9a-f]{9})$/.test(text);
}
