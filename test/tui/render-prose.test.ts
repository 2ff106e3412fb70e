import { describe, expect, it } from 'vitest';
import { proseLineText, renderProse } from '../../engine/tui/render-prose.js';
import { wrapProse } from '../../engine/tui/wrap-prose.js';

const texts = (markdown: string): string[] => renderProse(markdown).map(proseLineText);

describe('renderProse', () => {
  it('renders Markdown for the terminal, not raw', () => {
    const markdown = [
      '## Before you start',
      '',
      'If the agent does **not** respond, check `kubectl get pods`; see [the guide](https://example.com/guide).',
      '',
      '- first *thing*',
      '- second',
      '',
      '1. one',
      '2. two',
      '',
      '> careful here',
      '',
      '<!-- runbook id: hidden -->',
      '![diagram](x.png)',
    ].join('\n');
    expect(texts(markdown)).toEqual([
      'Before you start',
      '',
      'If the agent does not respond, check kubectl get pods; see the guide.',
      '',
      '• first thing',
      '• second',
      '',
      '1. one',
      '2. two',
      '',
      '  careful here',
      '',
      'diagram',
    ]);
    const styles = renderProse(markdown).map((line) => line.spans.map((span) => span.style));
    expect(styles[0]).toEqual(['heading']);
    expect(styles[2]).toEqual(['plain', 'strong', 'plain', 'code', 'plain']);
    expect(styles[4]).toEqual(['plain', 'emphasis']);
  });

  it('is empty for empty prose', () => {
    expect(renderProse('  \n')).toEqual([]);
  });
});

describe('wrapProse', () => {
  it('wraps at the width and indents continuation rows past the bullet', () => {
    const lines = wrapProse(renderProse('- alpha beta gamma delta epsilon zeta eta theta'), 20).map(proseLineText);
    expect(lines).toEqual(['• alpha beta gamma', '  delta epsilon zeta', '  eta theta']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(20);
  });
});
