/**
 * `capture:` on a step result: a regex over stdout, stderr or output (group 1 if the regex has
 * one, else the whole match), or a JSONPath over stdout (the first value; text as is, anything
 * else as JSON). A capture that does not match is reported as missing (the runner warns and
 * unsets the variable).
 */
import type { Capture } from '../contracts/step-graph.js';
import { compileRegex, selectJson } from './evaluate-condition.js';

export interface CaptureOutcome {
  values: Record<string, string>;
  /** Captures that matched nothing, with why. */
  missing: Array<{ name: string; reason: string }>;
}

export function applyCaptures(
  captures: Capture[],
  result: { stdout: string; stderr: string; output: string },
): CaptureOutcome {
  const outcome: CaptureOutcome = { values: {}, missing: [] };
  let parsed: { ok: true; value: unknown } | { ok: false } | undefined;
  for (const capture of captures) {
    if (capture.json !== undefined) {
      if (!parsed) {
        try {
          parsed = { ok: true, value: JSON.parse(result.stdout) };
        } catch {
          parsed = { ok: false };
        }
      }
      if (!parsed.ok) {
        outcome.missing.push({ name: capture.name, reason: 'stdout is not JSON' });
        continue;
      }
      const [first] = selectJson(capture.json, parsed.value);
      if (first === undefined) outcome.missing.push({ name: capture.name, reason: `nothing at ${capture.json}` });
      else outcome.values[capture.name] = typeof first === 'string' ? first : JSON.stringify(first);
      continue;
    }
    if (capture.regex !== undefined) {
      const match = compileRegex(capture.regex, capture.flags ?? '').exec(result[capture.from]);
      if (!match) outcome.missing.push({ name: capture.name, reason: `${capture.from} did not match /${capture.regex}/` });
      else outcome.values[capture.name] = match[1] ?? match[0];
    }
  }
  return outcome;
}
