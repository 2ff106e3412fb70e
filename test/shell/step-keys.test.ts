import { VFile } from 'vfile';
import { expect, it } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';

const check = (value: string) => {
  const file = new VFile({ path: 'x.md', value });
  const loaded = checkRunbook(file);
  return { graph: loaded.graph, messages: file.messages.map(String) };
};

it('reads `background` and `pipefail` from an annotation and from info-string attributes', () => {
  const { graph, messages } = check(
    [
      '# Keys',
      '',
      '<!-- runbook',
      'id: forward',
      'background: true',
      '-->',
      '```bash',
      'kubectl port-forward svc/api 8080:80 &',
      '```',
      '',
      '<!-- runbook',
      'id: tail',
      'pipefail: false',
      '-->',
      '```bash',
      'journalctl -u api | head -5',
      '```',
      '',
      '```bash {name=both background=true pipefail=false}',
      'echo both',
      '```',
      '',
      '```bash',
      'echo plain',
      '```',
      '',
    ].join('\n'),
  );
  expect(messages).toEqual([]);
  expect(graph?.steps.map((step) => [step.id, step.background, step.pipefail])).toEqual([
    ['forward', true, undefined],
    ['tail', undefined, false],
    ['both', true, false],
    ['keys-4', undefined, undefined],
  ]);
});

it('refuses a `background` that is not a boolean', () => {
  const { messages } = check('<!-- runbook\nbackground: yes please\n-->\n```bash\necho\n```\n');
  expect(messages.length).toBe(1);
  expect(messages[0]).toMatch(/^x\.md:2:/);
});
