import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';
import { buildStepGraph } from '../../engine/graph/build-step-graph.js';
import { annotateLifted } from '../../engine/graph/lift-annotate.js';
import { liftRunbook } from '../../engine/parse/lift-runbook.js';
import { parseRunbook } from '../../engine/parse/parse-runbook.js';

const shared = resolve(import.meta.dirname, '../..', process.env.RUNBOOK_SHARED ?? '../shared');

/** What `runbook lift` prints for `text`. */
function lifted(text: string): string {
  const file = new VFile({ path: 'x.md', value: text });
  const parsed = parseRunbook(file);
  liftRunbook(parsed, file, { lift: true });
  return annotateLifted(text, parsed, buildStepGraph(parsed, file));
}

const steps = (text: string, lift: boolean) => {
  const loaded = checkRunbook(new VFile({ path: 'x.md', value: text }), { lift });
  expect(loaded.file.messages.filter((message) => message.fatal).map(String)).toEqual([]);
  return loaded.graph!.steps.map((step) => [step.id, step.kind, step.title, step.command ?? step.manual ?? step.ask?.question, step.ask?.choices, step.goto, step.end]);
};

test('a manual item, a decision and an inline command, written out', () => {
  const text = '# Fix\n\n1. **Check** – run `systemctl status agent`.\n2. If it is down, escalate to the platform team.\n3. Close the ticket.\n';
  expect(lifted(text)).toBe(
    [
      '# Fix',
      '',
      '1. **Check** – run `systemctl status agent`.',
      '   <!-- runbook',
      '   title: Check',
      '   -->',
      '   ```bash',
      '   systemctl status agent',
      '   ```',
      '2. <!-- runbook',
      '   ask: It is down?',
      '   choices:',
      '     Yes: next',
      '     No: fix-4',
      '   -->',
      '   <!-- runbook',
      '   manual: Escalate to the platform team.',
      '   title: Escalate to the platform team',
      '   end: escalated',
      '   -->',
      '   If it is down, escalate to the platform team.',
      '3. Close the ticket.',
      '   <!-- runbook',
      '   manual: Close the ticket.',
      '   title: Close the ticket',
      '   -->',
      '',
    ].join('\n'),
  );
  expect(steps(lifted(text), false)).toEqual(steps(text, true));
});

test.skipIf(!existsSync(join(shared, 'seeds')))('on every seed and corpus file, read back without --lift, the lifted runbook has the steps --lift finds', () => {
  const files = [
    ...readdirSync(join(shared, 'seeds')).map((name) => join(shared, 'seeds', name)),
    ...readdirSync(join(shared, 'corpus'))
      .filter((name) => !name.endsWith('.tsv'))
      .map((name) => join(shared, 'corpus', name)),
  ];
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    expect(steps(lifted(text), false), path).toEqual(steps(text, true));
  }
});
