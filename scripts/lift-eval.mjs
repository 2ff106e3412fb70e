// npm run lift-eval: precision and recall of command lifting on the labelled cases (needs a build).
import { existsSync } from 'node:fs';
import { evaluateLifting } from './lift-eval-core.mjs';

const lib = new URL('../dist/lib.js', import.meta.url);
if (!existsSync(lib)) {
  console.error('lift-eval: dist/lib.js is missing, expected a build first (npm run build)');
  process.exit(2);
}
const { checkRunbook } = await import(lib.href);
const result = evaluateLifting(checkRunbook);
for (const line of result.falsePositives) console.log(`false positive  ${line}`);
for (const line of result.falseNegatives) console.log(`false negative  ${line}`);
const percent = (value) => `${(100 * value).toFixed(1)} %`;
console.log(
  `lifting on ${result.cases} labelled cases: ${result.truePositives} commands found, ${result.falsePositives.length} false positives, ${result.falseNegatives.length} missed; precision ${percent(result.precision)}, recall ${percent(result.recall)}`,
);
