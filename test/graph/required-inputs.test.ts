import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import { buildStepGraph } from '../../engine/graph/build-step-graph.js';
import { requiredInputs } from '../../engine/graph/required-inputs.js';
import { parseRunbook } from '../../engine/parse/parse-runbook.js';

test('each input once, at the first step that needs it, with its declaration', () => {
  const markdown = [
    '---',
    'runbook:',
    '  inputs:',
    '    TOKEN: { secret: true, description: API token }',
    '    REGION: { default: eu-west-1 }',
    '---',
    '# Inputs',
    '',
    '```bash',
    'curl -H "Authorization: $TOKEN" "https://<host>/$REGION"',
    '```',
    '',
    '```bash',
    'echo "$TOKEN" <host> $HOME',
    '```',
  ].join('\n');
  const file = new VFile({ path: 'x.md', value: markdown });
  const inputs = requiredInputs(buildStepGraph(parseRunbook(file), file));
  expect(inputs.map(({ position, ...rest }) => ({ ...rest, line: position.start.line }))).toEqual([
    { name: 'HOST', stepId: 'inputs', secret: false, line: 9 },
    { name: 'TOKEN', stepId: 'inputs', secret: true, description: 'API token', line: 9 },
    { name: 'REGION', stepId: 'inputs', secret: false, default: 'eu-west-1', line: 9 },
  ]);
});
