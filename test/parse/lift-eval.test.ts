import { expect, test } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';
// @ts-expect-error: a plain ES module script, shared with `npm run lift-eval`
import { evaluateLifting } from '../../scripts/lift-eval-core.mjs';

test('command lifting keeps its precision and recall on the labelled cases (npm run lift-eval prints them)', () => {
  const result = evaluateLifting(checkRunbook) as { precision: number; recall: number; falsePositives: string[]; falseNegatives: string[]; cases: number };
  expect(result.cases).toBeGreaterThanOrEqual(50);
  expect(result.falsePositives).toEqual([]);
  expect(result.falseNegatives).toEqual([]);
  expect(result.precision).toBe(1);
  expect(result.recall).toBe(1);
});
