/**
 * Guard mode (a rehearsal without namespaces): a passthrough tool runs for real, so each form of
 * it that writes a file or runs a program is refused before it runs (exit 126, a message naming
 * the command). Each route below wrote a file or ran a program in guard mode before it was held.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../engine/contracts/step-graph.js';
import type { ExecResponse } from '../../engine/contracts/run-seams.js';
import { loadScenario } from '../../engine/rehearse/load-scenario.js';
import { createRehearsalExecutor, type RehearsalExecutor } from '../../engine/rehearse/rehearsal-executor.js';
import { runCli } from '../cli/run-cli.js';

const step = { id: 'writer' } as Step;
const AWK_SYSTEM = 'BEGIN { system("/usr/bin/touch " ENVIRON["T"]) }';

/** Each route, with `$T` a marker path that must not come to exist, `$E` an existing file that must not change, `$X` a program that creates `$T`. */
const ROUTES: Record<string, string> = {
  'awk print > file': `awk 'BEGIN { print "pwned" > ENVIRON["T"] }'`,
  'awk printf >> file': `awk 'BEGIN { printf "pwned" >> ENVIRON["T"] }'`,
  'awk print | command': `awk 'BEGIN { print "pwned" | "/usr/bin/tee " ENVIRON["T"] }'`,
  'awk system()': `awk '${AWK_SYSTEM}'`,
  'awk system() after -v': `awk -v x=1 '${AWK_SYSTEM}'`,
  'awk system() after -F with its value apart': `awk -F : '${AWK_SYSTEM}'`,
  'awk system() after --': `awk -- '${AWK_SYSTEM}'`,
  'awk program from stdin (-f)': `echo '${AWK_SYSTEM}' | awk -f /dev/stdin`,
  'awk program from stdin (-W exec)': `echo '${AWK_SYSTEM}' | awk -W exec /dev/stdin`,
  'command awk': `command awk '${AWK_SYSTEM}'`,
  'sed w': 'echo pwned | sed -n "w $T"',
  'sed W': 'echo pwned | sed -n "W $T"',
  'sed s///w': 'echo pwned | sed "s/p/P/w $T"',
  'sed e': 'echo x | sed "e /usr/bin/touch $T"',
  'sed s///e': 'echo x | sed "s|x|/usr/bin/touch $T|e"',
  'sed -i': 'sed -i s/old/new/ "$E"',
  'sed -Ei': 'sed -Ei s/old/new/ "$E"',
  'sed --in-place': 'sed --in-place=.bak s/old/new/ "$E"',
  'sed --in (an abbreviation of --in-place)': 'sed --in s/old/new/ "$E"',
  'command sed -i': 'command sed -i s/old/new/ "$E"',
  'sort -o': 'echo pwned | sort -o "$T"',
  'sort -ro': 'echo pwned | sort -ro "$T"',
  'sort --output': 'echo pwned | sort --output="$T"',
  'sort --out (an abbreviation of --output)': 'echo pwned | sort --out="$T"',
  'sort --compress-program': 'seq 1 100000 | sort -S 64K --compress-program="$X" >/dev/null',
  'sort --compress (an abbreviation)': 'seq 1 100000 | sort -S 64K --compress="$X" >/dev/null',
  'command sort -o': 'echo pwned | command sort -o "$T"',
  'uniq INPUT OUTPUT': 'uniq "$E" "$T"',
  'uniq -c INPUT OUTPUT': 'uniq -c -- "$E" "$T"',
  'split': 'echo pwned | split - "$T"',
  'command split': 'echo pwned | command split - "$T"',
  'tar -x': 'tar -xf "$A" -C "$D"',
  'command tar -x': 'command tar -xf "$A" -C "$D"',
  'tar -c': 'tar -cf "$T" "$E"',
  'command -p (the default PATH)': 'command -p touch "$T"',
  // An invalid date: before the hold, date refused it itself (exit 1); the clock is never at risk.
  'date -s': 'date -s "not a date"',
  'date --set': 'date --set="not a date"',
  'date -s after -d and its value': 'date -d now -s "not a date"',
  'a guard function called with a path for the tool': '__rb_sed ../../../../../../../../usr/bin/touch "$T"; __rb_awk ../../../../../../../../usr/bin/touch "$T"',
};

describe('guard mode holds passthrough tools to their reading forms', () => {
  let executor: RehearsalExecutor;
  let dir: string;
  let tools: string;

  beforeAll(async () => {
    const loaded = await loadScenario(join(import.meta.dirname, 'fixtures', 'guard', 'writers.scenario.yaml'));
    expect(loaded.file.messages.filter((message) => message.fatal).map(String)).toEqual([]);
    executor = await createRehearsalExecutor(loaded.scenario!, { isolation: 'guard', onWarning: () => {} });
    dir = mkdtempSync(join(tmpdir(), 'runbook-guard-'));
    tools = mkdtempSync(join(tmpdir(), 'runbook-guard-tools-'));
  });
  afterAll(async () => {
    await executor.close?.();
    rmSync(dir, { recursive: true, force: true });
    rmSync(tools, { recursive: true, force: true });
  });

  it.each(Object.entries(ROUTES))('%s: refused, nothing written or run', async (_name, route) => {
    const marker = join(tools, `marker-${Math.random().toString(36).slice(2)}`);
    const existing = join(tools, 'existing.txt');
    writeFileSync(existing, 'old\n');
    const program = join(tools, 'compress');
    writeFileSync(program, `#!/bin/sh\n/usr/bin/touch "${marker}"\nexec /bin/cat\n`);
    chmodSync(program, 0o755);
    const archive = join(tools, 'a.tar');
    if (!existsSync(archive)) await import('node:child_process').then(({ execFileSync }) => execFileSync('tar', ['-cf', archive, '-C', tools, 'existing.txt']));
    const result: ExecResponse = await executor.exec({
      step,
      command: route,
      env: { PATH: process.env.PATH ?? '', T: marker, E: existing, X: program, D: dir, A: archive },
      cwd: dir,
      timeoutMs: 20_000,
      interactive: false,
    });
    const shown = `${route}\n${result.output}`;
    const escaped = existsSync(marker);
    rmSync(marker, { force: true });
    expect(escaped, shown).toBe(false);
    expect(readFileSync(existing, 'utf8'), shown).toBe('old\n');
    const left = readdirSync(dir);
    for (const name of left) rmSync(join(dir, name), { recursive: true, force: true });
    expect(left, shown).toEqual([]);
    expect(result.exitCode, shown).toBe(126);
    expect(result.stderr, shown).toMatch(/^rehearsal: `.+` .+; nothing was run/m);
  });

  it("command 'awk' (quoted, so the guard does not read the name) does not find the real awk", async () => {
    const marker = join(tools, 'marker-quoted');
    const result = await executor.exec({ step, command: `command 'awk' '${AWK_SYSTEM}'`, env: { PATH: process.env.PATH ?? '', T: marker }, cwd: dir, timeoutMs: 20_000, interactive: false });
    const escaped = existsSync(marker);
    rmSync(marker, { force: true });
    expect(escaped, result.output).toBe(false);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toContain('is not answered by scenario writers; nothing was run');
  });

  it('still runs their reading forms', async () => {
    const existing = join(tools, 'existing.txt');
    writeFileSync(existing, 'b 2\na 1\na 1\n');
    const command = [
      `awk -F ' ' -v n=1 '$2 > n { print $1 } /a|b/ { c++ } END { printf "%d\\n", c }' "$E"`,
      `sed -n -e 's/a/A/p' "$E" | sed 1q`,
      `sort -r -k2,2n "$E" | uniq -c | sort -n | head -1`,
      `date -u -d @0 +%Y`,
      `command -v awk >/dev/null && echo found`,
    ].join('; ');
    const result = await executor.exec({ step, command, env: { PATH: process.env.PATH ?? '', E: existing }, cwd: dir, timeoutMs: 20_000, interactive: false });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('b\n3\nA 1\n      1 b 2\n1970\nfound\n');
    expect(result.exitCode).toBe(0);
  });
});

describe('check warns about passthrough tools guard mode cannot hold', () => {
  it('warns (exit 0) for a tool that writes unheld and for one refused whole; not for held or reading tools', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-guard-check-'));
    try {
      writeFileSync(join(dir, 'drill.md'), '# Drill\n\n```bash\nkubectl get pods | awk \'{ print $1 }\'\n```\n');
      writeFileSync(
        join(dir, 'drill.writers.scenario.yaml'),
        'scenario: writers\nrunbook: ./drill.md\ncommands:\n  - run: kubectl get pods *\n    stdout: agent-1 Running\npassthrough: [jq, awk, sed, sort, uniq, date, tar, yq]\n',
      );
      const result = runCli(['check', 'drill.writers.scenario.yaml', '--json'], { cwd: dir });
      expect(result.status, result.stderr).toBe(0);
      const messages = JSON.parse(result.stdout) as { line: number; column: number; severity: string; message: string; ruleId: string }[];
      expect(messages.map((m) => [m.severity, m.ruleId, m.line, m.column, m.message.split(':')[0]])).toEqual([
        ['warning', 'scenario-passthrough-writes', 6, 47, 'Passthrough `tar` can write files'],
        ['warning', 'scenario-passthrough-writes', 6, 52, 'Passthrough `yq` edits files in place (-i)'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
