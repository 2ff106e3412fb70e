import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, test } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';
import { buildStepGraph } from '../../engine/graph/build-step-graph.js';
import type { Step } from '../../engine/contracts/step-graph.js';
import { parseRunbook } from '../../engine/parse/parse-runbook.js';

/**
 * test/fixtures/graph/<case>/input.md → graph.json (the step graph, positions as lines, and
 * the messages as strings). `UPDATE=1` rewrites graph.json.
 */
const fixtures = resolve(import.meta.dirname, '../fixtures/graph');

function snapshot(step: Step) {
  const { position, annotationPosition, index, branch, expectedOutput, ...rest } = step;
  void index;
  return {
    ...rest,
    line: position.start.line,
    ...(annotationPosition ? { annotationLine: annotationPosition.start.line } : {}),
    ...(expectedOutput ? { expectedOutput: { lines: expectedOutput.lines, startLine: expectedOutput.startLine, lineNumbers: expectedOutput.lineNumbers } } : {}),
    branch: branch.map(({ position: _position, ...branchRest }) => branchRest),
  };
}

describe('buildStepGraph fixtures', () => {
  for (const name of readdirSync(fixtures).sort()) {
    test(name, () => {
      const file = new VFile({ path: 'input.md', value: readFileSync(join(fixtures, name, 'input.md'), 'utf8') });
      const { graph } = checkRunbook(file);
      const actual = {
        title: graph!.title,
        settings: graph!.settings,
        sections: graph!.sections,
        steps: graph!.steps.map(snapshot),
        messages: file.messages.map(String),
      };
      const expectedPath = join(fixtures, name, 'graph.json');
      if (process.env.UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
});

describe('buildStepGraph', () => {
  const build = (markdown: string) => {
    const file = new VFile({ path: 'x.md', value: markdown });
    return { graph: buildStepGraph(parseRunbook(file), file), file };
  };

  test('every shell fence is a step, in document order, with its heading as section', () => {
    const { graph } = build('# A\n\n```bash\necho 1\n```\n\n## B\n\n```zsh\necho 2\n```\n\n```js\nno()\n```\n');
    expect(graph.steps.map((step) => [step.id, step.section, step.sectionDepth, step.lang])).toEqual([
      ['a', 'a', 1, 'bash'],
      ['b', 'b', 2, 'zsh'],
    ]);
  });

  test('fences before any heading are step-1, step-2…', () => {
    const { graph } = build('```sh\necho 1\n```\n\n```sh\necho 2\n```\n');
    expect(graph.steps.map((step) => [step.id, step.title, step.section])).toEqual([
      ['step-1', 'Step 1', ''],
      ['step-2', 'Step 2', ''],
    ]);
  });

  test('prose is the Markdown between the previous step (or the heading) and the step', () => {
    const { graph } = build('# T\n\nFirst *do* this:\n\n```sh\necho 1\n```\n\nThen [that](#t):\n\n```sh\necho 2\n```\n');
    expect(graph.steps.map((step) => step.prose)).toEqual(['First *do* this:', 'Then [that](#t):']);
  });

  test('an annotation id wins over a Runme name; the annotation places problems', () => {
    const { graph, file } = build('<!-- runbook\nid: mine\n-->\n```sh {name=theirs}\necho\n```\n');
    expect(graph.steps[0]!.id).toBe('mine');
    expect(file.messages).toEqual([]);
  });

  test('graph building is linear in the size of the document', () => {
    const section = (n: number) => `## Section ${n % 50}\n\nSome prose about step ${n}.\n\n\`\`\`bash\necho "$VALUE_${n}" <name-${n}>\n\`\`\`\n\n`;
    const time = (count: number) => {
      const markdown = Array.from({ length: count }, (_, n) => section(n)).join('');
      const started = performance.now();
      build(markdown);
      return performance.now() - started;
    };
    time(200);
    const small = Math.max(time(1000), 5);
    const large = time(4000);
    expect(large / small).toBeLessThan(12);
  });
});
