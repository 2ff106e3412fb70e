import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseExportP } from '../../../engine/shell/state/parse-export-p.js';

describe('parseExportP', () => {
  it('reads back what bash exported, whatever the bytes', () => {
    const values = {
      PLAIN: 'hello world',
      QUOTES: `it's "quoted" $HOME \`cmd\` back\\slash`,
      NEWLINE: 'line 1\nline 2\ttab',
      UNICODE: 'café – 日本',
      CONTROL: '\u0001\u001b[0m',
      EMPTY: '',
    };
    const text = execFileSync('bash', ['-c', 'export -p'], { env: { ...values, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    const parsed = parseExportP(text);
    expect(parsed).toMatchObject(values);
  });

  it('leaves out exported names without a value', () => {
    expect(parseExportP('declare -x ONLY_NAME\ndeclare -x A="1"\n')).toEqual({ A: '1' });
  });
});
