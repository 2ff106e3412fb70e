// The worst-case parse (issue 13 item 20): the slowest of a set of pathological 16 KB documents
// through checkRunbook (the library, dist/lib.js), against a bare remark parse (remark-parse +
// remark-gfm, micromark's own code) of a normal 16 KB runbook. Goal: under 1 s absolute.
import { performance } from 'node:perf_hooks';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';

const SIZE = 16 * 1024;
const fill = (unit) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
const half = (open, close) => open.repeat(Math.floor(SIZE / 2 / open.length)) + 'x' + close.repeat(Math.floor(SIZE / 2 / close.length));

/** Each was seconds to minutes, or a stack overflow, before the limits (docs/parsing.md "Limits"). */
export const pathological = {
  'nested block quotes': () => fill('> ') + 'x\n',
  'nested list items on one line': () => fill('- ') + 'x\n',
  'stars each side': () => half('*', '*') + '\n',
  'nested links': () => half('[', '](u)') + '\n',
  'nested images': () => half('![', '](u)') + '\n',
  'many shortcut references': () => fill('[a]') + '\n',
  'emphasis runs': () => fill('*a') + '\n',
  'table row of cells': () => fill('|a') + '|\n' + fill('|-').slice(0, 2000) + '|\n',
  'lines of 16 nested quotes': () => fill('> '.repeat(16) + 'x\n'),
  'lines of 16 nested list items': () => fill('- '.repeat(16) + 'x\n'),
  'paragraphs just under the marker limit': () => fill('*a'.repeat(240) + '\n\n'),
  'lists nested by indentation': () => Array.from({ length: 120 }, (_, i) => '  '.repeat(i) + '- x').join('\n').slice(0, SIZE),
};

export const normalRunbook = () =>
  fill('## Restart the agent\n\nCheck the pods first; if one is *crash-looping*, read [its logs](https://example.com).\n\n```bash\nkubectl get pods -n "$NAMESPACE" -l app=agent\n```\n\n- one\n- two\n\n');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = (fn, runs) => median(Array.from({ length: runs }, () => { const start = performance.now(); fn(); return performance.now() - start; }));

export async function worstParse(lib) {
  const { checkRunbook } = await import(lib);
  const bare = unified().use(remarkParse).use(remarkGfm);
  const normal = normalRunbook();
  const baselineMs = time(() => bare.parse(normal), 7);
  let worst = { name: '', ms: 0 };
  for (const [name, make] of Object.entries(pathological)) {
    const text = make();
    const ms = time(() => checkRunbook(new VFile({ path: 'x.md', value: text })), 3);
    if (ms > worst.ms) worst = { name, ms };
  }
  return { worst: worst.name, subjectMs: Math.round(worst.ms), baselineMs: Math.round(baselineMs), ratio: Number((worst.ms / baselineMs).toFixed(2)), goalMs: 1000, met: worst.ms < 1000 };
}
