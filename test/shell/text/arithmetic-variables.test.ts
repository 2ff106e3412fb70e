import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { arithmeticVariables } from '../../../engine/shell/text/arithmetic-variables.js';
import { rewritePlaceholders } from '../../../engine/shell/text/rewrite-placeholders.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-arithmetic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Commands, and the names whose values reach arithmetic in them. */
const CASES: [string, string[]][] = [
  ['echo $(( <retries> * 2 ))', ['RETRIES']],
  ['if [[ $N -gt 5 ]]; then echo big; fi', ['N']],
  ['[[ "$NAME" != x && $COUNT -le 3 ]] || true', ['COUNT']],
  ['[[ LIMIT -ge 1 ]] && echo ok', ['LIMIT']],
  ['(( TOTAL += STEP )) || true', ['TOTAL', 'STEP']],
  ['let "A = B + 1" C++ || true', ['A', 'B', 'C']],
  ['echo ${ARR[$IDX]} ${S:$OFF:LEN}', ['IDX', 'OFF', 'LEN']],
  ['declare -A M; echo ${M[$KEY]}', []],
  ['declare -i I; I=$RAW; echo $I', ['I', 'RAW']],
  ['f() { local -i J=$OTHER; }; f', ['J', 'OTHER']],
  ['arr[$K]=1; unset arr[$U]', ['K', 'U']],
  ['[[ -v arr[$V] ]] || true', ['V']],
  ['for (( i = 0; i < MAX; i++ )); do :; done', ['i', 'MAX']],
  ['cat <<EOF\n$(( H * 2 ))\nEOF', ['H']],
  ['echo $[ Q + 1 ]', ['Q']],
  ['echo "total: $(( "$X" + 1 ))"', ['X']],
  ['[ "$SAFE" -gt 5 ] 2>/dev/null; test "$SAFE2" -gt 1 2>/dev/null; printf "%d" "$SAFE3" 2>/dev/null; echo "$(( 1 << 2 ))" "$PLAIN"', []],
  ["echo '$(( NOT ))' # $(( COMMENT ))", []],
  ['X=$N; Y="$X"; (( Y > 5 )) && echo big', ['N', 'X', 'Y']],
  ['COUNT=$(wc -l < f); [[ $COUNT -gt 1 ]]', ['COUNT']],
];

test('finds the names each arithmetic context evaluates', () => {
  for (const [command, names] of CASES) expect(arithmeticVariables(command).map((found) => found.name), command).toEqual(names);
  expect(arithmeticVariables('echo ok\n[[ $N -gt 5 ]]')).toEqual([{ name: 'N', offset: 11 }]);
});

/**
 * Found, though bash 5.2 does not run their value here: names assigned before they are read
 * (`X=…`, `Y=…`, `COUNT=…`, `declare -i I; I=…`, `(( TOTAL += … ))`, `let A=…`; `C++` reads a
 * value the test set to 1), and `unset arr[$U]` and `[[ -v arr[$V] ]]`, which bash 5.2 does not
 * evaluate for an unset array or a one-word value (kept on the safe side).
 */
const CONSERVATIVE = new Set(['I', 'J', 'TOTAL', 'A', 'C', 'U', 'V', 'X', 'Y', 'COUNT']);

/**
 * The oracle is bash: each upper-case name of a case, given the value `x[$(touch marker)]`
 * (the others 1), runs the command substitution exactly when it reaches arithmetic. Every name
 * whose value runs is found (none missed), and none found is inert in bash.
 */
test('real bash runs a value as code exactly where the names found say', () => {
  for (const [command, names] of CASES) {
    const candidates = [...new Set(rewritePlaceholders(command).match(/\b[A-Z][A-Z0-9_]*\b/g) ?? [])].filter((name) => name !== 'EOF');
    const ran: string[] = [];
    for (const name of candidates) {
      const marker = join(dir, name);
      const env: Record<string, string> = { PATH: process.env.PATH! };
      for (const other of candidates) env[other] = '1';
      env[name] = `x[$(touch ${marker})]`;
      try {
        execFileSync('bash', ['-c', rewritePlaceholders(command)], { env, stdio: 'ignore' });
      } catch {
        // An arithmetic error is expected once the substitution ran.
      }
      if (existsSync(marker)) {
        ran.push(name);
        rmSync(marker);
      }
    }
    expect(ran.filter((name) => !names.includes(name)), `missed in ${JSON.stringify(command)}`).toEqual([]);
    expect(names.filter((name) => /^[A-Z]/.test(name) && !ran.includes(name) && !CONSERVATIVE.has(name)), `inert in ${JSON.stringify(command)}`).toEqual([]);
  }
});
