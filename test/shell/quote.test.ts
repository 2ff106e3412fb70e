import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { shellQuote } from '../../engine/shell/quote.js';

test('a quoted word is one bash word meaning exactly the text (real bash)', () => {
  const texts = ['plain', "it's", "''", '$(touch /nonexistent/x) `id` ; | & * ~ \\ "', 'two\nlines', ''];
  const script = `printf '%s\\0' ${texts.map((text) => shellQuote(text)).join(' ')}`;
  expect(execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1)).toEqual(texts);
});

test('ifNeeded leaves safe words bare and quotes the rest', () => {
  expect(shellQuote('yes', { ifNeeded: true })).toBe('yes');
  expect(shellQuote('restart prod', { ifNeeded: true })).toBe("'restart prod'");
  expect(shellQuote('yes')).toBe("'yes'");
});
