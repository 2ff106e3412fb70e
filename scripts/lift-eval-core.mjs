// Precision and recall of command lifting over labelled cases (test/fixtures/lift-eval/cases.json):
// each case is a piece of Markdown written from the seeds and corpus, with the commands a person
// would run from it. `checkRunbook` is passed in (the built library or the TypeScript source).
import { readFileSync } from 'node:fs';
import { VFile } from 'vfile';

export const CASES = new URL('../test/fixtures/lift-eval/cases.json', import.meta.url);

/** @returns {{ truePositives: number, falsePositives: string[], falseNegatives: string[], precision: number, recall: number, cases: number }} */
export function evaluateLifting(checkRunbook, cases = JSON.parse(readFileSync(CASES, 'utf8'))) {
  let truePositives = 0;
  const falsePositives = [];
  const falseNegatives = [];
  for (const entry of cases) {
    const loaded = checkRunbook(new VFile({ path: 'case.md', value: `# Case\n\n${entry.md}\n` }), { lift: true });
    const found = (loaded.graph?.steps ?? []).filter((step) => step.kind === 'command' && step.lifted).map((step) => step.command);
    const expected = [...entry.commands];
    for (const command of found) {
      const at = expected.indexOf(command);
      if (at >= 0) {
        truePositives++;
        expected.splice(at, 1);
      } else falsePositives.push(`${entry.from}: ${JSON.stringify(command)}`);
    }
    for (const command of expected) falseNegatives.push(`${entry.from}: ${JSON.stringify(command)}`);
  }
  const precision = truePositives / Math.max(1, truePositives + falsePositives.length);
  const recall = truePositives / Math.max(1, truePositives + falseNegatives.length);
  return { truePositives, falsePositives, falseNegatives, precision, recall, cases: cases.length };
}
