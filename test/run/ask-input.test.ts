import { expect, test } from 'vitest';
import type { InputRequest, Operator } from '../../engine/contracts/run-seams.js';
import { askInput } from '../../engine/run/ask-input.js';

/** An operator that answers from a list and records what it was asked. */
function scripted(answers: string[]): { operator: Operator; asked: InputRequest[] } {
  const asked: InputRequest[] = [];
  const refuse = () => Promise.reject(new Error('not asked'));
  const operator: Operator = {
    input: (_name, request) => {
      asked.push(request);
      return Promise.resolve(answers.shift() ?? '');
    },
    confirm: refuse,
    ask: refuse,
    manual: refuse,
  };
  return { operator, asked };
}

test('a prompt answer must fit the declared type and choices: asked again with the reason', async () => {
  const { operator, asked } = scripted(['two', '2']);
  await expect(askInput(operator, 'RETRIES', { name: 'RETRIES', secret: false, type: 'integer' }, { secret: false, stepId: 's' })).resolves.toBe('2');
  expect(asked).toEqual([
    { secret: false, stepId: 's', type: 'integer' },
    { secret: false, stepId: 's', type: 'integer', problem: 'Unexpected `two` for input `RETRIES`, expected an integer' },
  ]);
});

test('choices are offered, a secret answer is never repeated back, and three misses end the run', async () => {
  const { operator, asked } = scripted(['a', 'b', 'c']);
  const spec = { name: 'TOKEN', secret: true, choices: ['x', 'y'] };
  await expect(askInput(operator, 'TOKEN', spec, { secret: true, stepId: 's' })).rejects.toThrow('Unexpected value for input `TOKEN`, expected one of `x`, `y` (answered 3 times)');
  expect(asked[0]).toEqual({ secret: true, stepId: 's', choices: ['x', 'y'] });
});
