import { expect, test } from 'vitest';
import { parseInfoAttributes } from '../../engine/parse/parse-info-attributes.js';

test('Runme JSON attributes: name becomes the id, Runme keys and its ULID id are ignored', () => {
  expect(parseInfoAttributes('{"id":"01HG9EB92X51P42CG6CGH00FT3","name":"resolve-vars","promptEnv":"false","interactive":"false"}')).toEqual({
    keys: { id: 'resolve-vars', interactive: false },
  });
});

test('key=value attributes, quoted values, our own keys', () => {
  expect(parseInfoAttributes('{ name=restart, interactive=true timeout="30s" max-visits=5 excludeFromRunAll=true }')).toEqual({
    keys: { id: 'restart', interactive: true, timeout: '30s', 'max-visits': 5 },
  });
});

test('no attributes, and broken ones', () => {
  expect(parseInfoAttributes(undefined)).toBeUndefined();
  expect(parseInfoAttributes('title="not attributes"')).toBeUndefined();
  expect(parseInfoAttributes('{"name": }')).toMatchObject({ error: expect.stringContaining('Invalid JSON') });
  expect(parseInfoAttributes('{name}')).toEqual({ error: 'Unexpected `name` in fence attributes, expected `key=value`' });
  expect(parseInfoAttributes('{name="x}')).toEqual({ error: 'Unclosed quote in fence attribute `name`' });
});
