import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { rewritePlaceholders } from '../../../engine/shell/text/rewrite-placeholders.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-placeholders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the rewritten command in real bash with the value in the environment only. */
function bash(command: string, env: Record<string, string>): string {
  return execFileSync('bash', ['-c', rewritePlaceholders(command)], { cwd: dir, env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });
}

const HOSTILE = `$(touch pwned) \`touch pwned\` '; touch pwned; ' "x" \\ * ~ $HOME`;

test('the reference fits each quoting context', () => {
  expect(rewritePlaceholders(`get <pod> -n "<ns>" -o 'x<idx>y' $'a<ansi>b' # <comment>`)).toBe(
    `get "\${POD}" -n "\${NS}" -o 'x'"\${IDX}"'y' $'a'"\${ANSI}"$'b' # <comment>`,
  );
  expect(rewritePlaceholders('cat <<EOF\n<name>\nEOF\ncat <<\'EOF\'\n<kept>\nEOF\n')).toBe('cat <<EOF\n${NAME}\nEOF\ncat <<\'EOF\'\n<kept>\nEOF\n');
  expect(rewritePlaceholders('sort <file.txt; diff <(ls) <(ls); cat <<<"<here>"')).toBe('sort <file.txt; diff <(ls) <(ls); cat <<<"${HERE}"');
});

test('a hostile value stays data in every context, in real bash', () => {
  const env = { POD_NAME: HOSTILE };
  expect(bash(`printf '%s|' <pod-name> "<pod-name>" 'in single <pod-name> quotes' $'ansi <pod-name>'`, env)).toBe(
    `${HOSTILE}|${HOSTILE}|in single ${HOSTILE} quotes|ansi ${HOSTILE}|`,
  );
  expect(bash('echo "$(printf %s <pod-name>)"', env)).toBe(`${HOSTILE}\n`);
  expect(bash('cat <<EOF\nname: <pod-name>\nEOF', env)).toBe(`name: ${HOSTILE}\n`);
  expect(existsSync(join(dir, 'pwned'))).toBe(false);
});

test('a backticked placeholder is the value, never a command (issue 13 item 2)', () => {
  expect(rewritePlaceholders('kubectl exec `<pod_name>` -- date')).toBe('kubectl exec "${POD_NAME}" -- date');
  expect(rewritePlaceholders('echo "`<pod>`" \'`<kept>`\'')).toBe('echo "${POD}" \'`\'"${KEPT}"\'`\'');
  const env = { POD_NAME: `touch pwned` };
  expect(bash('printf \'%s|\' `<pod_name>` "in `<pod_name>` quotes"\ncat <<EOF\nbody `<pod_name>`\nEOF', env)).toBe('touch pwned|in touch pwned quotes|body touch pwned\n');
  expect(existsSync(join(dir, 'pwned'))).toBe(false);
});

test('a shift in arithmetic is not a here-document: later placeholders stay quoted (issue 13 item 4)', () => {
  const env = { POD_NAME: 'a  b *' };
  expect(bash(`echo $(( 1 << 2 )) $((1<<3))\nprintf '%s|' <pod-name>\n(( 1 << 1 )) && printf '%s|' <pod-name>`, env)).toBe('4 8\na  b *|a  b *|');
  expect(rewritePlaceholders('echo $(( <count> << 1 ))')).toBe('echo $(( "${COUNT}" << 1 ))');
});

test('placeholders in any case, with dashes and digits; redirections never are (issue 15 item 5)', () => {
  expect(rewritePlaceholders('kubectl logs <POD_NAME> --context <CLUSTER-NAME> <snapshot-NAME-1> <Name_2>')).toBe(
    'kubectl logs "${POD_NAME}" --context "${CLUSTER_NAME}" "${SNAPSHOT_NAME_1}" "${NAME_2}"',
  );
  const redirections = 'sort <in.txt >out.txt; sort < IN; cat <<EOF\nx\nEOF\ncat <<-END\n\tEND\ndiff <(ls) <(ls -a); cat <<<"x" 2<FILE';
  expect(rewritePlaceholders(redirections)).toBe(redirections);
});

test('random shell-ish text: always terminates, and text without placeholders is unchanged', () => {
  const alphabet = ['a', 'Z', ' ', '\n', "'", '"', '$', '(', ')', '`', '\\', '#', '<', '<<', '<<EOF\n', '\nEOF\n', '{', '}', '>', '-', '$(', "$'", '<x>', '|', ';', '\t'];
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 2000; round++) {
    const text = Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const rewritten = rewritePlaceholders(text);
    if (!/<[A-Za-z]/.test(text)) expect(rewritten).toBe(text);
  }
});
