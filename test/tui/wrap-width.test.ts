import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderProse } from '../../engine/tui/render-prose.js';
import { wrapProse } from '../../engine/tui/wrap-prose.js';
import { takeColumns, wrapText } from '../../engine/tui/wrap-text.js';

/** Issue 14 item 6: text is wrapped by display width (terminal columns), not by `.length`. */
const japanese = 'ポッドが再起動を繰り返している場合は、まず前のコンテナのログを確認してください。設定の変更が原因であることが多いです。';
const rowText = (line: { indent: number; marker?: string; spans: { text: string }[] }) => ' '.repeat(line.indent) + (line.marker ? line.marker + ' ' : '') + line.spans.map((span) => span.text).join('');

describe('wrapping by display width', () => {
  it('wraps Japanese prose to at most 20 columns, losing nothing', () => {
    const rows = wrapProse(renderProse(japanese), 20).map(rowText);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(20);
    expect(rows.join('')).toBe(japanese);
  });

  it('wraps plain text (result lines, output) to columns, CJK and combining marks included', () => {
    const rows = wrapText(`error: ${japanese} (e\u0301)`, 20);
    for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(20);
    expect(rows.join('').replace(/ /g, '')).toBe(`error:${japanese}(e\u0301)`.normalize('NFC'));
    expect(wrapText('alpha beta gamma', 11)).toEqual(['alpha beta', 'gamma']);
  });

  it('takes whole graphemes that fit', () => {
    expect(takeColumns('日本語', 5)).toEqual(['日本', '語']);
    expect(takeColumns('日本語', 1)).toEqual(['日', '本語']);
    expect(takeColumns('e\u0301x', 1)).toEqual(['e\u0301', 'x']);
  });
});
