import { expect, test } from 'vitest';
import { markdownText, terminalText } from '../../engine/report/safe-text.js';

test('terminalText: escape sequences go, other control characters show, breaks are spaces', () => {
  expect(terminalText('Evil \u001b]0;pwned\u0007 title')).toBe('Evil  title');
  expect(terminalText('Step \u001b[2J\u001b[31mred\u001b[0m')).toBe('Step red');
  expect(terminalText('bell\u0007 back\u0008 del\u007f csi\u009b nul\u0000')).toBe('bell^G back^H del^? csi\\x9b nul^@');
  expect(terminalText('two\nlines\tand tab')).toBe('two lines and tab');
  expect(terminalText('日本語 é')).toBe('日本語 é');
});

test('markdownText: HTML and Markdown marks are literal', () => {
  expect(markdownText('<script>alert(1)</script>')).toBe('\\<script\\>alert(1)\\</script\\>');
  expect(markdownText('*bold* [link](x) `code` a|b & ~~s~~')).toBe('\\*bold\\* \\[link\\](x) \\`code\\` a\\|b \\& \\~\\~s\\~\\~');
});
