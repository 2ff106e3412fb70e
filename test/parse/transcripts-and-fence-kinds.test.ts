import { VFile } from 'vfile';
import { expect, test } from 'vitest';
import { checkRunbook } from '../../engine/check/load-runbook.js';
import { parseConsoleTranscript } from '../../engine/parse/parse-console-transcript.js';

const steps = (value: string) => checkRunbook(new VFile({ path: 'x.md', value })).graph!.steps;

test('`$ ` prompts in bash, sh, shell and zsh fences make a transcript; `export` behind a prompt sets, it is not an input', () => {
  const [step] = steps('# A\n\n```bash\n$ export NAMESPACE=web\n$ kubectl get pods -n "$NAMESPACE"\nNAME    READY\nweb-1   1/1\n```\n');
  expect(step!.command).toBe('export NAMESPACE=web\nkubectl get pods -n "$NAMESPACE"');
  expect(step!.uses).toEqual([]);
  expect(step!.expectedOutput?.lines).toEqual(['NAME    READY', 'web-1   1/1']);
  expect(step!.expectedOutput?.example).toBe(true);
});

test('PS1-like and indented prompts; a bash fence without prompts is a script ("#" is a comment there)', () => {
  expect(steps('# A\n\n```sh\nuser@host:~$ uptime\n 10:00 up 3 days\n```\n')[0]!.command).toBe('uptime');
  expect(steps('# A\n\n```shell\n  $ df -h\n  Filesystem  Size\n```\n')[0]!.command).toBe('df -h');
  expect(steps('# A\n\n```zsh\n[root@db1 ~]# systemctl restart postgresql\n```\n')[0]!.command).toBe('systemctl restart postgresql');
  expect(steps('# A\n\n```bash\n# restart it\nsystemctl restart agent\n```\n')[0]!.command).toBe('# restart it\nsystemctl restart agent');
});

test('`# ` is a root prompt in console-like fences; `> ` continues only an unfinished command', () => {
  expect(steps('# A\n\n```console\n# systemctl status agent\nactive\n```\n')[0]!.command).toBe('systemctl status agent');
  expect(parseConsoleTranscript('$ redis-cli\n> PING\nPONG', 1)).toEqual({
    command: 'redis-cli',
    expected: { lines: ['> PING', 'PONG'], startLine: 2, lineNumbers: [2, 3] },
  });
  expect(parseConsoleTranscript("$ echo 'a\n> b'\na\nb", 1).command).toBe("echo 'a\nb'");
  expect(parseConsoleTranscript('$ cat <<EOF\n> one\n> EOF\none', 1)).toMatchObject({ command: 'cat <<EOF\none\nEOF', expected: { lines: ['one'] } });
  expect(parseConsoleTranscript('$ echo a \\\n  b\na b', 1).command).toBe('echo a \\\n  b');
});

test('fence kinds: shell-session, cli, terminal, Pandoc attribute fences; other languages stay documentation', () => {
  const found = steps(
    '# A\n\n```shell-session\n$ flux get all\n```\n\n```cli\nflux check --pre\n```\n\n```{.bash data-prompt="$"}\nkubectl get ns\n```\n\n```{bash}\necho r\n```\n\n```python\nprint(1)\n```\n\n```text\nkubectl get ns\n```\n',
  );
  expect(found.map((step) => [step.lang, step.command])).toEqual([
    ['shell-session', 'flux get all'],
    ['cli', 'flux check --pre'],
    ['bash', 'kubectl get ns'],
    ['bash', 'echo r'],
  ]);
});

test('written output is an example unless it uses [..] or ..., or the step says expect: transcript', () => {
  const [example, wildcard, asserted] = steps(
    '# A\n\n```console\n$ date\nMon Jan 1\n```\n\n```console\n$ date\n[..] 2026\n```\n\n<!-- runbook\nexpect: transcript\n-->\n```bash\necho hi\n```\n\n```output\nhi\n```\n',
  );
  expect([example!.expectedOutput?.example, wildcard!.expectedOutput?.example, asserted!.expectedOutput?.example]).toEqual([true, false, false]);
  expect(asserted!.expect).toBeUndefined();
});

test('Hugo/Pandoc `{#id}` heading ids are the anchor and leave the title', () => {
  const loaded = checkRunbook(
    new VFile({ path: 'x.md', value: '# Recover {#recover-etcd}\n\n<!-- runbook\nask: Restore?\nchoices: { "Yes": "#restore", "No": "end:escalated" }\n-->\n\n## Restore the snapshot {#restore .wide}\n\n```bash\netcdctl snapshot restore snap.db\n```\n' }),
  );
  expect(loaded.file.messages.map(String)).toEqual([]);
  const [ask, restore] = loaded.graph!.steps;
  expect([restore!.id, restore!.section, restore!.sectionTitle, restore!.title]).toEqual(['restore', 'restore', 'Restore the snapshot', 'Restore the snapshot']);
  expect(ask!.section).toBe('recover-etcd');
  expect(ask!.ask!.choices[0]!.target).toEqual({ kind: 'step', id: 'restore' });
  expect(loaded.graph!.title).toBe('Recover');
});
