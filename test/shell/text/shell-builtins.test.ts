import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { isShellBuiltin } from '../../../engine/shell/text/shell-builtins.js';

test('every bash builtin and keyword is one, and programs are not (real bash)', () => {
  const builtins = execFileSync('bash', ['-c', 'enable -a; compgen -k'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.replace(/^enable (-n )?/, '').trim())
    .filter(Boolean);
  expect(builtins.filter((name) => !isShellBuiltin(name))).toEqual([]);
  for (const name of ['kubectl', 'ls', 'grep', 'sleep']) expect(isShellBuiltin(name)).toBe(false);
});
