/**
 * Drills through the CLI: a clean environment (the operator's never reaches a step or the
 * journal), the facilitator's view of a scenario, time compression.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { journalFiles, root, runCli, tempDir } from '../journal/cli-helpers.js';

const dirs: string[] = [];
const made = (): string => {
  const dir = tempDir('runbook-drill-');
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const drill = join(root, 'test', 'rehearse', 'fixtures', 'drill');

describe('a drill', () => {
  it('starts from a clean environment: an operator secret is neither printed nor journaled', () => {
    const dir = made();
    writeFileSync(join(dir, 'env.md'), '# Env\n\n```bash\necho "secret=${OPERATOR_SECRET-unset}"; export -p | grep -c OPERATOR_ || true\n```\n');
    writeFileSync(join(dir, 'env.s.scenario.yaml'), 'scenario: s\nrunbook: ./env.md\ncommands:\n  - run: nothing *\npassthrough: [grep]\n');
    const journal = join(dir, 'journal');
    const result = runCli(['run', join(dir, 'env.md'), '--rehearse', join(dir, 'env.s.scenario.yaml'), '--yes', '--journal', journal], { env: { OPERATOR_SECRET: 'hunter2-operator-secret' } });
    expect(result.stdout).toContain('secret=unset\n0\n');
    expect(result.stdout + result.stderr).not.toContain('hunter2-operator-secret');
    for (const file of journalFiles(journal)) expect(readFileSync(file, 'utf8')).not.toContain('hunter2-operator-secret');
    expect(result.code).toBe(0);
  }, 60_000);

  it('`--time-scale` divides rule delays and sleep, says so in the header, and the debrief reports scenario time', () => {
    const dir = made();
    writeFileSync(join(dir, 'slow.md'), '# Slow\n\n```bash\nslowctl wait && sleep 20\n```\n');
    writeFileSync(join(dir, 'slow.s.scenario.yaml'), 'scenario: s\nrunbook: ./slow.md\ncommands:\n  - run: slowctl wait\n    delay: 30s\n    stdout: waited\npassthrough: [sleep]\ngoal: { outcome: completed, within: 2m }\n');
    const started = Date.now();
    const result = runCli(['run', join(dir, 'slow.md'), '--rehearse', join(dir, 'slow.s.scenario.yaml'), '--yes', '--no-journal', '--time-scale', '100']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.stdout).toContain('time ×100');
    expect(result.stdout).toMatch(/Time: [0-9.]+ s(ec)?.* \(scenario time, the drill ran at 100× speed\)|Time: [0-9]+ min .*scenario time/);
    expect(result.code).toBe(0);
  }, 60_000);
});

describe('runbook scenario show', () => {
  it('prints the expected route with its answers, the hints and what each rule simulates', () => {
    const result = runCli(['scenario', 'show', join(drill, 'drill.config.scenario.yaml')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Expected route:\n   1. read-logs\n   2. check-state — no branch matched');
    expect(result.stdout).toContain('   3. config — answer “Yes”\n   4. fix\n   5. tell-team\n   6. verify\n  → resolved\n');
    expect(result.stdout).toContain('  kubectl rollout undo * — sets state=fixed — prints “rolled back”');
    expect(result.code).toBe(0);
  }, 60_000);
});

describe('runbook scenario --from', () => {
  it('a run with a `for` loop and an ask step: the scenario checks clean, carries the inputs and replays the same path with --yes', () => {
    const dir = made();
    const runbook = join(dir, 'loop.md');
    writeFileSync(runbook, [
      '---', 'runbook:', '  inputs:', '    REGION: { description: where }', '---', '# Loop', '',
      '## Count', '<!-- runbook', 'id: count', '-->', '```bash', 'for i in $(seq 1 3); do echo "n$i in $REGION"; done | wc -l', '```', '',
      '<!-- runbook', 'id: go-on', 'ask: "Go on?"', 'choices: { "Yes": done, "No": "end:escalated" }', '-->', '',
      '## Done', '<!-- runbook', 'id: done', 'end: resolved', '-->', '```bash', 'date +%Y >/dev/null && echo finished', '```', '',
    ].join('\n'));
    const journal = join(dir, 'journal');
    const live = runCli(['run', runbook, '--yes', '--json', '--journal', journal, '--input', 'REGION=eu-1', '--answer', 'go-on=Yes']);
    expect(live.code, live.stderr).toBe(0);
    const recorded = JSON.parse(live.stdout);
    const out = join(dir, 'loop.replay.scenario.yaml');
    expect(runCli(['scenario', '--from', recorded.runId, '--out', out, '--journal', journal]).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('inputs:\n  REGION: eu-1');
    expect(text).not.toMatch(/run: i in/);
    const check = runCli(['check', out]);
    expect(check.stdout + check.stderr, text).not.toMatch(/error/);
    expect(check.code).toBe(0);
    const replay = runCli(['run', runbook, '--rehearse', out, '--yes', '--json', '--no-journal']);
    expect(replay.code, replay.stderr).toBe(0);
    expect(JSON.parse(replay.stdout).path).toEqual(recorded.path);
  }, 120_000);
});
