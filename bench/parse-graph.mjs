// Times one parse of a file in this process: `graph` = runbook's parse + step graph,
// `remark` = a bare remark parse of the same text. Prints { ms }.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { VFile } from 'vfile';

const [what, path] = process.argv.slice(2);
const value = readFileSync(path, 'utf8');
let run;
if (what === 'remark') {
  const { unified } = await import('unified');
  const { default: remarkParse } = await import('remark-parse');
  const processor = unified().use(remarkParse);
  run = () => processor.parse(value);
} else {
  const { parseRunbook, buildStepGraph } = await import('../dist/lib.js');
  run = () => {
    const file = new VFile({ path, value });
    return buildStepGraph(parseRunbook(file), file);
  };
}
const start = performance.now();
run();
process.stdout.write(JSON.stringify({ ms: performance.now() - start }) + '\n');
