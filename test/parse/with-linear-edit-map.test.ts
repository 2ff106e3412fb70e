import { EditMap } from 'micromark-util-edit-map';
import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import { linearConsume, withLinearEditMap } from '../../engine/parse/linear-edit-map.js';
import { parseRunbook } from '../../engine/parse/parse-runbook.js';

test('the micromark patch is in place only while our parser parses: other users keep micromark as it is', () => {
  const prototype = EditMap.prototype as unknown as { consume: unknown };
  const original = prototype.consume;
  expect(original).not.toBe(linearConsume);
  expect(withLinearEditMap(() => prototype.consume)).toBe(linearConsume);
  expect(prototype.consume).toBe(original);
  parseRunbook(new VFile({ path: 'x.md', value: '- a\n- b\n\n> c\n\n```sh\necho\n```\n' }));
  expect(prototype.consume).toBe(original);
  expect(() => withLinearEditMap(() => { throw new Error('boom'); })).toThrow('boom');
  expect(prototype.consume).toBe(original);
});
