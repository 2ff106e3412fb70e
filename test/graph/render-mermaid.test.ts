import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import { buildStepGraph } from '../../engine/graph/build-step-graph.js';
import { renderDot } from '../../engine/graph/render-dot.js';
import { renderMermaid } from '../../engine/graph/render-mermaid.js';
import { parseRunbook } from '../../engine/parse/parse-runbook.js';

const markdown = `# Say "hi" <now> | \`x\`

<!-- runbook
branch:
  - when: { stdout: /a|b/ }
    goto: ask
on-failure: end:escalated
-->
\`\`\`bash
echo a
\`\`\`

<!-- runbook
id: ask
ask: Done?
choices: { "Yes": end:resolved, "No": next }
-->

<!-- runbook manual: Call "ops" -->
`;

const graph = () => {
  const file = new VFile({ path: 'x.md', value: markdown });
  return buildStepGraph(parseRunbook(file), file);
};

test('Mermaid: quoted, escaped labels, edge labels, end nodes', () => {
  expect(renderMermaid(graph())).toBe(
    [
      'flowchart TD',
      '  s1["1. Say #34;hi#34; #60;now#62; #124; x"]',
      '  s2{"2. Done?"}',
      '  s3[/"3. Call #34;ops#34;"/]',
      '  out_1(["end: escalated"])',
      '  out_2(["end: resolved"])',
      '  out_3(["end"])',
      '  s1 -->|"stdout /a#124;b/"| s2',
      '  s1 --> s2',
      '  s1 -.->|"on failure"| out_1',
      '  s2 -->|"Yes"| out_2',
      '  s2 -->|"No"| s3',
      '  s3 --> out_3',
    ].join('\n'),
  );
});

test('DOT: quoted ids and labels', () => {
  const dot = renderDot(graph());
  expect(dot).toContain('"say-hi-now--x" [label="1. Say \\"hi\\" <now> | x", shape=box];');
  expect(dot).toContain('"say-hi-now--x" -> "end:escalated" [label="on failure", style=dashed];');
  expect(dot.endsWith('}')).toBe(true);
});
