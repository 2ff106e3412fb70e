import { randomBytes } from 'node:crypto';

/**
 * A run id that sorts by start time: `20261122T081500Z-ab12cd` (UTC, second precision,
 * six random hex digits so two runs started in the same second do not collide).
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** True for strings shaped like a run id. */
export function isRunId(text: string): boolean {
  return /^\d{8}T\d{6}Z-[0-9a-f]{6}$/.test(text);
}
